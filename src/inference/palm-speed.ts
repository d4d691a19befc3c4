import type { PixelPoint } from '../extraction/hand-landmarker-result.js';
import { palmSpeedBetween } from './geometry/palm-travel.js';

/**
 * One hand's palm speed from frame to frame, in palm lengths per second: 0 on its first frame (or when time
 * does not go forward), so a still image is a hand at rest.
 */
export class PalmSpeed {
  private previous: { timestampMs: number; centre: PixelPoint } | undefined;

  update(timestampMs: number, centre: PixelPoint, handSize: number): number {
    const previous = this.previous;
    this.previous = { timestampMs, centre };
    return previous === undefined ? 0 : palmSpeedBetween(previous, this.previous, handSize);
  }
}
