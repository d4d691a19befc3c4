import type { PixelPoint } from '../extraction/hand-landmarker-result.js';
import { palmSpeedBetween } from './geometry/palm-travel.js';

/** When a hand pinches, on `pinchDistance` (palm lengths between the thumb and index tips) and the hand around it. */
export interface PinchOptions {
  /** A pinch starts when the tips come closer than this. */
  start: number;
  /** A pinch ends when they move further apart than this (not below `start`). */
  release: number;
  /** The tips must have been apart (over `release`) this recently: a pinch is made, not a hand arriving pinched. */
  formMs: number;
  /** For this long before it starts, the other three fingers keep their state (the hand is not closing) and the palm is steady. */
  stillMs: number;
  /** Steady: the palm moving slower than this, in palm lengths per second. */
  maxSpeed: number;
  /** Another hand closer than this many palm lengths to the pinching tips makes it no pinch (hands touching, rubbing). */
  minHandGap: number;
}

/** One hand in one frame, as a pinch is judged. */
export interface PinchSample {
  timestampMs: number;
  /** Thumb tip to index tip, in palm lengths. */
  distance: number;
  /** Middle, ring and pinky: held out or folded. */
  otherFingers: readonly boolean[];
  centre: PixelPoint;
  /** The palm's length in pixels. */
  handSize: number;
  /** The nearest point of another hand to this one's pinching tips, in palm lengths (Infinity with no other hand). */
  otherHandGap: number;
}

/**
 * Whether one hand is pinching, deliberately. A pinch starts when the thumb and index tips close under `start`
 * having been apart within `formMs`, while the other fingers keep still (a hand closing into a fist brings the
 * tips together too), the palm is steady, and no other hand is at the tips; it lasts, wherever the hand goes,
 * until the tips part beyond `release`, so a distance hovering around one threshold does not flicker. A pinch
 * refused waits for the tips to part before another can start.
 */
export class DeliberatePinch {
  private pinching = false;
  private recent: PinchSample[] = [];
  private apartAtMs: number | undefined;
  private firstSeenMs: number | undefined;

  constructor(private readonly options: PinchOptions) {}

  update(sample: PinchSample): boolean {
    const { timestampMs, distance } = sample;
    if (this.recent.length > 0 && timestampMs <= this.recent.at(-1)!.timestampMs) this.reset();
    this.firstSeenMs ??= timestampMs;
    this.recent = [...this.recent.filter((earlier) => timestampMs - earlier.timestampMs <= this.options.stillMs), sample];
    if (this.pinching) {
      this.pinching = distance <= this.options.release;
    } else if (distance > this.options.release) {
      this.apartAtMs = timestampMs;
    } else if (distance < this.options.start) {
      this.pinching = this.deliberate(sample);
      // Refused: only tips that part and close again make a pinch.
      if (!this.pinching) this.apartAtMs = undefined;
    }
    return this.pinching;
  }

  reset(): void {
    this.pinching = false;
    this.recent = [];
    this.apartAtMs = undefined;
    this.firstSeenMs = undefined;
  }

  private deliberate(sample: PinchSample): boolean {
    const { formMs, stillMs, maxSpeed, minHandGap } = this.options;
    // A hand must have been seen keeping still for stillMs, not just arrived.
    if (sample.timestampMs - this.firstSeenMs! < stillMs) return false;
    if (this.apartAtMs === undefined || sample.timestampMs - this.apartAtMs > formMs) return false;
    if (sample.otherHandGap < minHandGap) return false;
    const first = this.recent[0]!;
    const fingersKept = this.recent.every((earlier) => earlier.otherFingers.every((out, finger) => out === sample.otherFingers[finger]));
    return fingersKept && sample.timestampMs > first.timestampMs && palmSpeedBetween(first, sample, sample.handSize) <= maxSpeed;
  }
}
