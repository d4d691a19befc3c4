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

  /** The frame's gestures to act on, in order; those that come too soon after the last are dropped. */
  due(frame: ActionFrame): FrameGesture[] {
    return gesturesBegun(frame, this.names).filter(({ frameMs }) => this.limit.take(frameMs));
  }
}
