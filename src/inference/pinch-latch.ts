/** Pinch thresholds on `pinchDistance` (palm lengths between the thumb and index tips). */
export interface PinchThresholds {
  /** A pinch starts when the tips come closer than this. */
  start: number;
  /** A pinch ends when they move further apart than this (larger than `start`). */
  release: number;
}

/**
 * Whether one hand is pinching, with hysteresis: a pinch starts below `start` and lasts until the distance
 * rises above `release`, so a distance hovering around one threshold does not flicker on and off.
 */
export class PinchLatch {
  private pinching = false;

  constructor(private readonly thresholds: PinchThresholds) {}

  update(distance: number): boolean {
    this.pinching = this.pinching ? distance <= this.thresholds.release : distance < this.thresholds.start;
    return this.pinching;
  }
}
