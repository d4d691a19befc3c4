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
 * for `cooldownMs`. Times are the frames' timestamps, so a slow machine sees the same swipes. Left and right
 * are the user's: in a plain (unmirrored) camera view a hand moving to the user's right moves left in the image.
 */
export class SwipeDetector {
  private samples: Sample[] = [];
  private quietUntilMs = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: SwipeOptions) {}

  update(timestampMs: number, centre: PixelPoint, handSize: number): Swipe | undefined {
    // Time going back means a new stream: the old path means nothing.
    if (timestampMs <= (this.samples.at(-1)?.timestampMs ?? Number.NEGATIVE_INFINITY)) this.samples = [];
    // Resting after a swipe: the rest of the same movement must not count towards another.
    if (timestampMs < this.quietUntilMs) return undefined;
    this.samples = this.samples.filter((sample) => timestampMs - sample.timestampMs <= this.options.windowMs);
    this.samples.push({ timestampMs, centre, handSize });
    const first = this.samples[0]!;
    const meanHandSize = this.samples.reduce((sum, sample) => sum + sample.handSize, 0) / this.samples.length;
    if (this.samples.length < 2 || meanHandSize <= 0) return undefined;
    const dx = (centre.x - first.centre.x) / meanHandSize;
    const dy = (centre.y - first.centre.y) / meanHandSize;
    const horizontal = Math.abs(dx) >= Math.abs(dy);
    const [main, other] = horizontal ? [Math.abs(dx), Math.abs(dy)] : [Math.abs(dy), Math.abs(dx)];
    if (main < this.options.minDistance || main < this.options.dominance * other) return undefined;
    this.samples = [];
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
