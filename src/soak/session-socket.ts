import WebSocket from 'ws';

import type { ServerMessage } from '../server/ws/protocol.js';

/** A client of the server's `/ws`: JSON messages in, subscriptions and camera frames out. */
export class SessionSocket {
  private closing = false;

  private constructor(private readonly socket: WebSocket) {}

  /**
   * Connects; `onMessage` gets every text message, `onLost` is told if the server closes or drops the
   * connection before `close()` is called.
   */
  static async connect(origin: string, onMessage: (message: ServerMessage) => void, onLost: (why: string) => void): Promise<SessionSocket> {
    const socket = new WebSocket(`${origin.replace(/^http/, 'ws')}/ws`);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    const client = new SessionSocket(socket);
    socket.on('message', (data, isBinary) => {
      if (!isBinary) onMessage(JSON.parse(String(data)) as ServerMessage);
    });
    socket.on('error', (error) => onLost(`WebSocket error: ${error.message}`));
    socket.once('close', (code, reason) => {
      if (!client.closing) onLost(`the server closed the WebSocket (${code} ${reason.toString('utf8')})`);
    });
    return client;
  }

  /** Bytes queued but not yet sent. */
  get bufferedAmount(): number {
    return this.socket.bufferedAmount;
  }

  subscribe(sessionId: string, preview: boolean): void {
    this.socket.send(JSON.stringify({ type: 'subscribe', sessionId, preview }));
  }

  unsubscribe(sessionId: string): void {
    this.socket.send(JSON.stringify({ type: 'unsubscribe', sessionId }));
  }

  sendBinary(message: Uint8Array): void {
    this.socket.send(message);
  }

  async close(): Promise<void> {
    this.closing = true;
    if (this.socket.readyState === WebSocket.CLOSED) return;
    const closed = new Promise<void>((resolve) => this.socket.once('close', () => resolve()));
    this.socket.close(1000, 'soak over');
    await closed;
  }
}
