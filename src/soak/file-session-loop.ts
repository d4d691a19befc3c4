import type { ServerMessage } from '../server/ws/protocol.js';
import { startSession, stopSession } from './session-api.js';
import { SessionSocket } from './session-socket.js';

/** Counters of the realtime file sessions run one after another. */
export interface FileLoopStats {
  readonly sessions: number;
  readonly framesSeen: number;
  /** Frames the server said it processed and dropped, over the sessions that ended. */
  readonly processed: number;
  readonly dropped: number;
}

/**
 * Plays a video in real time on the server again and again (a new session when one ends), watching each over
 * the WebSocket with previews on. Anything but a session ending by itself is reported.
 */
export class FileSessionLoop {
  private sessions = 0;
  private framesSeen = 0;
  private processed = 0;
  private dropped = 0;
  private current: { id: string; ended: (reason: string) => void; metrics?: { processed: number; dropped: number } } | undefined;

  constructor(
    private readonly origin: string,
    private readonly video: string,
    /** Longer than this, a session is reported as stuck and stopped. */
    private readonly maxSessionMs: number,
    private readonly report: (problem: string) => void,
  ) {}

  get stats(): FileLoopStats {
    return { sessions: this.sessions, framesSeen: this.framesSeen, processed: this.processed, dropped: this.dropped };
  }

  async run(signal: AbortSignal): Promise<void> {
    const socket = await SessionSocket.connect(this.origin, (message) => this.onMessage(message), (why) => this.report(`file sessions: ${why}`));
    try {
      while (!signal.aborted) await this.playOnce(socket, signal);
    } finally {
      await socket.close();
    }
  }

  private async playOnce(socket: SessionSocket, signal: AbortSignal): Promise<void> {
    const id = await startSession(this.origin, { type: 'file', path: this.video, realtime: true });
    let ended!: (reason: string) => void;
    const end = new Promise<string>((resolve) => (ended = resolve));
    this.current = { id, ended };
    socket.subscribe(id, true);
    const stop = (): void => ended('soak over');
    signal.addEventListener('abort', stop, { once: true });
    const timer = setTimeout(() => ended('stuck'), this.maxSessionMs);
    const reason = await end;
    clearTimeout(timer);
    signal.removeEventListener('abort', stop);
    socket.unsubscribe(id);
    if (reason === 'soak over' || reason === 'stuck') await stopSession(this.origin, id);
    if (reason === 'stuck') this.report(`file session ${id} still ran after ${this.maxSessionMs} ms`);
    else if (reason !== 'soak over' && reason !== 'ended') this.report(`file session ${id} ended with reason ${reason}`);
    if (reason === 'ended') {
      this.sessions += 1;
      this.processed += this.current.metrics?.processed ?? 0;
      this.dropped += this.current.metrics?.dropped ?? 0;
    }
    this.current = undefined;
  }

  private onMessage(message: ServerMessage): void {
    const current = this.current;
    if (message.channel === 'problem') return this.report(`file sessions: the server refused a message: ${message.code} ${message.message}`);
    if (current === undefined || !('sessionId' in message) || message.sessionId !== current.id) return;
    if (message.channel === 'frame') this.framesSeen += 1;
    else if (message.channel === 'metrics') current.metrics = { processed: message.frames.processed, dropped: message.frames.dropped };
    else if (message.channel === 'error' && (message.severity === 'HIGH' || message.severity === 'FATAL')) this.report(`file session ${current.id}: ${message.severity} ${message.stage}: ${message.message}`);
    else if (message.channel === 'session' && message.state === 'ended') current.ended(message.reason ?? 'unknown');
  }
}
