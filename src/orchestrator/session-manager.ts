import { TypedEmitter } from '../core/typed-emitter.js';
import type { PipelineErrorEvent } from './pipeline-error.js';
import type { PipelineSession, SessionSummary } from './session.js';

export type SessionManagerEvents = {
  /** A FATAL error in one session: every session is being stopped; the process should exit. */
  fatal: [PipelineErrorEvent];
};

/**
 * Sessions side by side in one process. Each runs on its own; one that fails ends alone, except a FATAL error,
 * which stops them all.
 */
export class SessionManager extends TypedEmitter<SessionManagerEvents> {
  private readonly running = new Map<string, { session: PipelineSession; done: Promise<SessionSummary> }>();

  get sessions(): PipelineSession[] {
    return [...this.running.values()].map((entry) => entry.session);
  }

  /** Runs a session; resolves with its summary when it ends. */
  run(session: PipelineSession): Promise<SessionSummary> {
    const current = this.running.get(session.id);
    if (current !== undefined) return current.done;
    session.on('error', (event) => {
      if (event.severity !== 'FATAL') return;
      this.emit('fatal', event);
      void this.stopAll();
    });
    const done = session.run().finally(() => this.running.delete(session.id));
    this.running.set(session.id, { session, done });
    return done;
  }

  /** Stops every session; resolves with their summaries. */
  stopAll(): Promise<SessionSummary[]> {
    const entries = [...this.running.values()];
    for (const { session } of entries) session.stop();
    return Promise.all(entries.map((entry) => entry.done));
  }
}
