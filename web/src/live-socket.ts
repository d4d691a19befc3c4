import type { ClientMessage, ServerMessage } from '../../src/server/ws/protocol';
import { accessToken } from './api';

type Handler = (message: ServerMessage, binary?: Blob) => void;

/**
 * The `/ws` connection: reconnects after a break (resubscribing), hands server messages to `onMessage` (a
 * preview's JPEG comes with its header), and sends camera frames only while the socket keeps up.
 */
export class LiveSocket {
  private socket: WebSocket | undefined;
  private readonly subscriptions = new Map<string, boolean>();
  private pendingPreview: ServerMessage | undefined;
  private retryMs = 500;

  constructor(
    private readonly onMessage: Handler,
    private readonly onStatus: (connected: boolean) => void,
  ) {}

  connect(): void {
    const url = new URL('ws', location.href);
    url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const token = accessToken();
    if (token) url.searchParams.set('token', token);
    const socket = new WebSocket(url);
    socket.binaryType = 'blob';
    this.socket = socket;
    socket.addEventListener('open', () => {
      this.retryMs = 500;
      this.onStatus(true);
      for (const [sessionId, preview] of this.subscriptions) this.send({ type: 'subscribe', sessionId, preview });
    });
    socket.addEventListener('close', () => {
      this.onStatus(false);
      setTimeout(() => this.connect(), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, 8000);
    });
    socket.addEventListener('message', (event: MessageEvent<string | Blob>) => {
      if (typeof event.data !== 'string') {
        if (this.pendingPreview !== undefined) this.onMessage(this.pendingPreview, event.data);
        this.pendingPreview = undefined;
        return;
      }
      const message = JSON.parse(event.data) as ServerMessage;
      if (message.channel === 'preview') this.pendingPreview = message;
      else this.onMessage(message);
    });
  }

  subscribe(sessionId: string, preview: boolean): void {
    this.subscriptions.set(sessionId, preview);
    this.send({ type: 'subscribe', sessionId, preview });
  }

  unsubscribe(sessionId: string): void {
    this.subscriptions.delete(sessionId);
    this.send({ type: 'unsubscribe', sessionId });
  }

  /** True when the frame went out; false when the socket is closed or still busy with earlier frames. */
  sendFrame(frame: Uint8Array<ArrayBuffer>): boolean {
    const socket = this.socket;
    if (socket?.readyState !== WebSocket.OPEN || socket.bufferedAmount > 256 * 1024) return false;
    socket.send(frame);
    return true;
  }

  private send(message: ClientMessage): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }
}
