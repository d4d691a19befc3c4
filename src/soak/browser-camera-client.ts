import { readFileSync } from 'node:fs';

import type { ServerMessage } from '../server/ws/protocol.js';
import { encodeUploadFrame } from '../server/ws/upload-frame-format.js';
import { startSession, stopSession } from './session-api.js';
import { SessionSocket } from './session-socket.js';

/** As the dashboard: up to 15 frames a second, none while the socket has more than 256 KiB unsent. */
const FRAME_INTERVAL_MS = 1000 / 15;
const MAX_UNSENT_BYTES = 256 * 1024;

export interface BrowserClientStats {
  readonly framesSent: number;
  readonly framesProcessed: number;
}

/** A `browser` session fed JPEG photos over `/ws` in the upload format, as the dashboard feeds its camera. */
export class BrowserCameraClient {
  private framesSent = 0;
  private framesProcessed = 0;
  private sessionId: string | undefined;

  constructor(
    private readonly origin: string,
    /** JPEG files sent in turn. */
    private readonly photos: readonly string[],
    private readonly report: (problem: string) => void,
  ) {}

  get stats(): BrowserClientStats {
    return { framesSent: this.framesSent, framesProcessed: this.framesProcessed };
  }

  async run(signal: AbortSignal): Promise<void> {
    const jpegs = this.photos.map((path) => readFileSync(path));
    const socket = await SessionSocket.connect(this.origin, (message) => this.onMessage(message), (why) => this.report(`browser session: ${why}`));
    const id = await startSession(this.origin, { type: 'browser' });
    this.sessionId = id;
    socket.subscribe(id, false);
    try {
      await new Promise<void>((resolve) => {
        const timer = setInterval(() => {
          if (socket.bufferedAmount > MAX_UNSENT_BYTES) return;
          socket.sendBinary(encodeUploadFrame(id, performance.now(), jpegs[this.framesSent % jpegs.length]!));
          this.framesSent += 1;
        }, FRAME_INTERVAL_MS);
        signal.addEventListener('abort', () => {
          clearInterval(timer);
          resolve();
        }, { once: true });
      });
      await stopSession(this.origin, id);
    } finally {
      await socket.close();
    }
  }

  private onMessage(message: ServerMessage): void {
    if (message.channel === 'problem') return this.report(`browser session: the server refused a message: ${message.code} ${message.message}`);
    if (!('sessionId' in message) || message.sessionId !== this.sessionId) return;
    if (message.channel === 'frame') this.framesProcessed += 1;
    else if (message.channel === 'error' && (message.severity === 'HIGH' || message.severity === 'FATAL')) this.report(`browser session: ${message.severity} ${message.stage}: ${message.message}`);
    else if (message.channel === 'session' && message.state === 'ended' && message.reason !== 'stopped') this.report(`browser session ended by itself: ${message.reason}`);
  }
}
