import { OneEuroFilter } from '../../inference/one-euro-filter.js';
import type { ScreenPoint, ScreenSize } from '../system/pointer-control.js';

export interface CursorSmoothing {
  /** Cutoff frequency in Hz while the hand is still: lower is steadier. */
  minCutoff: number;
  /** How fast the cutoff rises with speed, per screen width a second: higher lags less. */
  beta: number;
}

/** A One Euro filter on each screen axis: a still fingertip holds the cursor steady, a moving one does not lag. */
export class CursorSmoother {
  private readonly x: OneEuroFilter;
  private readonly y: OneEuroFilter;

  constructor({ minCutoff, beta }: CursorSmoothing) {
    this.x = new OneEuroFilter({ minCutoff, beta, derivativeCutoff: 1 });
    this.y = new OneEuroFilter({ minCutoff, beta, derivativeCutoff: 1 });
  }

  /** The smoothed point at `timestampMs`; the first point, and a point after time went back, are taken as they are. */
  apply(point: ScreenPoint, timestampMs: number, screen: ScreenSize): ScreenPoint {
    // Speeds in screen widths per second, so beta means the same on any screen.
    const scale = 1 / screen.width;
    return { x: this.x.apply(point.x, timestampMs, scale), y: this.y.apply(point.y, timestampMs, scale) };
  }
}
