import type { PixelPoint } from '../extraction/hand-landmarker-result.js';

/**
 * One hand's palm speed from frame to frame, in palm lengths per second: 0 on its first frame (or when time
 * does not go forward), so a still image is a hand at rest.
 */
export class PalmSpeed {
  private previous: { timestampMs: number; centre: PixelPoint } | undefined;

  update(timestampMs: number, centre: PixelPoint, handSize: number): number {
    const previous = this.previous;
    this.previous = { timestampMs, centre };
    if (previous === undefined || timestampMs <= previous.timestampMs) return 0;
    const travelled = Math.hypot(centre.x - previous.centre.x, centre.y - previous.centre.y) / Math.max(handSize, 1e-9);
    return travelled / ((timestampMs - previous.timestampMs) / 1000);
  }
}
