import type { ActionFrame, FrameGesture } from './action-frame.js';
import { gesturesBegun } from './frame-readings.js';
import { RateLimit } from './rate-limit.js';

/** When a gesture-triggered action acts: a gesture it waits for begins, and its rate limit allows. */
export class GestureTrigger {
  private readonly names: ReadonlySet<string>;
  private readonly limit: RateLimit;

  constructor(names: Iterable<string>, minIntervalMs: number) {
    this.names = new Set(names);
    this.limit = new RateLimit(minIntervalMs);
  }

  /**
   * The frame's gestures to act on, in order; those that come too soon after the last are dropped. The list ends
   * early once `armed` aborts (the action was disarmed while acting on an earlier one).
   */
  *due(frame: ActionFrame, armed: AbortSignal): Generator<FrameGesture> {
    for (const gesture of gesturesBegun(frame, this.names)) {
      if (armed.aborted) return;
      if (this.limit.take(gesture.frameMs)) yield gesture;
    }
  }
}
