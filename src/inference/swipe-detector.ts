import type { PixelPoint } from '../extraction/hand-landmarker-result.js';
import type { SwipeGesture } from './gesture-types.js';

export interface SwipeOptions {
  /** How far back the palm's path is looked at, in milliseconds. */
  windowMs: number;
  /** How far the palm must travel within the window, in palm lengths. */
  minDistance: number;
  /** How many times longer the main direction of travel must be than the other. */
  dominance: number;
  /** After a swipe, no other is reported from the same hand for this many milliseconds. */
  cooldownMs: number;
  /** The frames are mirrored selfie views: then image right is the user's right. */
  mirrored: boolean;
}

export interface Swipe {
  gesture: SwipeGesture;
  /** Palm lengths per second over the swipe. */
  velocity: number;
  /** Palm lengths travelled. */
  distance: number;
}

interface Sample {
  timestampMs: number;
  centre: PixelPoint;
  handSize: number;
}

/**
 * Finds swipes in one hand's palm path: the palm travelling at least `minDistance` palm lengths, mostly in one
 * direction, within `windowMs`. Each swipe is reported once, then the path is cleared and the detector rests
 * for `cooldownMs` and until the palm slows to under half the slowest swipe's speed. Times are the frames' timestamps, so a slow machine sees the same swipes. Left and right
 * are the user's: in a plain (unmirrored) camera view a hand moving to the user's right moves left in the image.
 */
export class SwipeDetector {
  private samples: Sample[] = [];
  private previous: Sample | undefined;
  private quietUntilMs = Number.NEGATIVE_INFINITY;
  private resting = false;

  constructor(private readonly options: SwipeOptions) {}

  update(timestampMs: number, centre: PixelPoint, handSize: number): Swipe | undefined {
    const sample = { timestampMs, centre, handSize };
    // Time going back means a new stream: the old path means nothing.
    if (this.previous !== undefined && timestampMs <= this.previous.timestampMs) this.samples = [];
    const speed = this.previous && timestampMs > this.previous.timestampMs ? palmSpeed(this.previous, sample) : 0;
    this.previous = sample;
    // After a swipe: rest for the cooldown and until the hand slows down, so one long move is one swipe.
    if (this.resting) {
      const slowestSwipeSpeed = this.options.minDistance / (this.options.windowMs / 1000);
      if (timestampMs < this.quietUntilMs || speed > slowestSwipeSpeed / 2) return undefined;
      this.resting = false;
    }
    this.samples = this.samples.filter((earlier) => timestampMs - earlier.timestampMs <= this.options.windowMs);
    this.samples.push(sample);
    const first = this.samples[0]!;
    const meanHandSize = this.samples.reduce((sum, earlier) => sum + earlier.handSize, 0) / this.samples.length;
    if (this.samples.length < 2 || meanHandSize <= 0) return undefined;
    const dx = (centre.x - first.centre.x) / meanHandSize;
    const dy = (centre.y - first.centre.y) / meanHandSize;
    const horizontal = Math.abs(dx) >= Math.abs(dy);
    const [main, other] = horizontal ? [Math.abs(dx), Math.abs(dy)] : [Math.abs(dy), Math.abs(dx)];
    if (main < this.options.minDistance || main < this.options.dominance * other) return undefined;
    this.samples = [];
    this.resting = true;
    this.quietUntilMs = timestampMs + this.options.cooldownMs;
    return {
      gesture: horizontal ? this.horizontalSwipe(dx) : dy < 0 ? 'swipe_up' : 'swipe_down',
      velocity: main / ((timestampMs - first.timestampMs) / 1000),
      distance: main,
    };
  }

  private horizontalSwipe(imageDx: number): SwipeGesture {
    const towardsUsersRight = this.options.mirrored ? imageDx > 0 : imageDx < 0;
    return towardsUsersRight ? 'swipe_right' : 'swipe_left';
  }
}

/** Palm lengths per second between two samples. */
function palmSpeed(from: Sample, to: Sample): number {
  const travelled = Math.hypot(to.centre.x - from.centre.x, to.centre.y - from.centre.y) / Math.max(to.handSize, 1e-9);
  return travelled / ((to.timestampMs - from.timestampMs) / 1000);
}
