import { ApiError } from '../errors.js';

/**
 * The sessions being recorded from, one recording at a time each: recordings side by side on one session
 * would each take the same frames, so twenty requests would add every hand twenty times over.
 */
export class RecordingSessions {
  private readonly busy = new Set<string>();

  /** Runs `record` as the session's one recording. @throws ApiError RECORDING_IN_PROGRESS while another runs */
  async one<T>(sessionId: string, record: () => Promise<T>): Promise<T> {
    if (this.busy.has(sessionId)) {
      throw new ApiError('RECORDING_IN_PROGRESS', `session ${sessionId} is already being recorded from: wait for that recording's answer, then record again`);
    }
    this.busy.add(sessionId);
    try {
      return await record();
    } finally {
      this.busy.delete(sessionId);
    }
  }
}
