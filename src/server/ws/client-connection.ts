import type { WebSocket } from 'ws';

import type { ServerMessage } from './protocol.js';

/** Past this much unsent data, frames, metrics and previews are skipped for the client. */
export const SKIP_ABOVE_BYTES = 512 * 1024;
/** Past this much, the client is too slow to keep: it is disconnected (events cannot be skipped). */
export const DROP_ABOVE_BYTES = 8 * 1024 * 1024;
/** The close code for a client dropped for being too slow ("try again later"). */
export const CLOSE_TOO_SLOW = 1013;

/** What may be skipped for a slow client: a later frame, metric or preview replaces it. */
export type Delivery = 'skippable' | 'essential';

/**
 * One WebSocket client: what it is subscribed to, and sending that never lets a slow client grow the server's
 * memory without bound (skippable messages are skipped past {@link SKIP_ABOVE_BYTES} of backlog, and past
 * {@link DROP_ABOVE_BYTES} the client is dropped).
 */
export class ClientConnection {
  /** Session id -> whether the client wants the JPEG preview. */
  readonly subscriptions = new Map<string, { preview: boolean }>();
  private skippedMessages = 0;
  /** Whether the client answered the last ping (see `stillThere`). */
  private answered = true;

  constructor(private readonly socket: WebSocket) {
    socket.on('pong', () => (this.answered = true));
  }

  /**
   * Pings the client, first cutting it off if it never answered the previous ping: a client whose machine went to
   * sleep or off the network sends no close, and would hold its place among the connections for ever. Browsers
   * answer pings by themselves. Returns false for a client cut off.
   */
  stillThere(): boolean {
    if (!this.answered) {
      this.socket.terminate();
      return false;
    }
    this.answered = false;
    this.socket.ping();
    return true;
  }

  get skipped(): number {
    return this.skippedMessages;
  }

  wants(sessionId: string): boolean {
    return this.subscriptions.has(sessionId);
  }

  wantsPreview(sessionId: string): boolean {
    return this.subscriptions.get(sessionId)?.preview === true;
  }

  send(message: ServerMessage, delivery: Delivery, binary?: Buffer): void {
    const text = JSON.stringify(message);
    if (!this.canSend(delivery, text.length + (binary?.length ?? 0))) return;
    this.socket.send(text);
    if (binary !== undefined) this.socket.send(binary);
  }

  /** Closes the connection, and cuts it a second later if the client has not answered. */
  close(code: number, reason: string): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    this.socket.close(code, reason);
    // A client that does not read (or only floods) does not answer the close either.
    setTimeout(() => this.socket.terminate(), 1000).unref();
  }

  private canSend(delivery: Delivery, size: number): boolean {
    if (this.socket.readyState !== this.socket.OPEN) return false;
    const backlog = this.socket.bufferedAmount;
    if (backlog + size > DROP_ABOVE_BYTES) {
      this.close(CLOSE_TOO_SLOW, 'too slow: reconnect and subscribe again');
      return false;
    }
    if (delivery === 'skippable' && backlog > SKIP_ABOVE_BYTES) {
      this.skippedMessages += 1;
      return false;
    }
    return true;
  }
}
