import type { PixelPoint } from '../extraction/hand-landmarker-result.js';
import type { SwipeGesture } from './gesture-types.js';
import { palmLengthsBetween, palmSpeedBetween } from './geometry/palm-travel.js';

/** A swipe has ended when the palm slows to under this share of its fastest step. */
const SETTLED_SHARE_OF_PEAK = 1 / 2;

export interface SwipeOptions {
  /** How long a swipe may take, from the hand at rest to `minDistance` travelled, in milliseconds. */
  windowMs: number;
  /** How far the palm must travel, in palm lengths. */
  minDistance: number;
  /** How many times longer the main direction of travel must be than the other. */
  dominance: number;
  /** After a swipe, no other is reported from the same hand for this many milliseconds. */
  cooldownMs: number;
  /** A swipe starts from rest: the palm slower than this (palm lengths per second) where the move begins. */
  restSpeed: number;
  /** The palm's path may be at most this many times longer than the straight line it ends up covering. */
  maxDetour: number;
  /** A step faster than this (palm lengths per second) is the tracker jumping, not a hand: the path restarts. */
  maxStepSpeed: number;
  /** The frames are mirrored selfie views: then image right is the user's right. */
  mirrored: boolean;
}

export interface Swipe {
  gesture: SwipeGesture;
  /** Palm lengths per second over the swipe. */
  velocity: number;
  /** Palm lengths travelled. */
  distance: number;
  /** When the move began (the hand at rest), in frame time. */
  startedMs: number;
}

/** One sighting of the palm. */
export interface PalmSample {
  timestampMs: number;
  centre: PixelPoint;
  /** The palm's length in pixels: the unit distances are judged in. */
  handSize: number;
  /** The hand is raised into the interaction zone: wholly in the frame, not resting at its bottom. */
  inZone: boolean;
}

interface Sample extends PalmSample {
  /** A swipe may begin here: the hand is in the zone and at rest (or just raised into it). */
  origin: boolean;
}

/**
 * Finds swipes in one hand's palm path. A swipe is deliberate: it starts with the hand raised into the
 * interaction zone and at rest (slower than `restSpeed`, or just come into the zone), travels at least
 * `minDistance` palm lengths, mostly in one direction (`dominance`) and nearly straight (`maxDetour`), within
 * `windowMs`, and ends with the hand slowing down in the zone. A jump faster than a hand moves is the tracker
 * losing it and restarts the path. Each swipe is reported once, as it ends; then the detector rests for
 * `cooldownMs` and until the palm slows down, so one long move is one swipe. Times are the frames' timestamps,
 * so a slow machine sees the same swipes. Left and right are the user's: in a plain (unmirrored) camera view a
 * hand moving to the user's right moves left in the image.
 */
export class SwipeDetector {
  private samples: Sample[] = [];
  /** Every sighting over the last two windows, swipes or not: how far the hand went while another swiped. */
  private history: PalmSample[] = [];
  private previous: PalmSample | undefined;
  private quietUntilMs = Number.NEGATIVE_INFINITY;
  private resting = false;
  /** A swipe made but not yet ended, and the fastest the palm went in it (palm lengths per second). */
  private pending: { swipe: Swipe; peakSpeed: number } | undefined;

  constructor(private readonly options: SwipeOptions) {}

  update(palm: PalmSample): Swipe | undefined {
    const { timestampMs } = palm;
    const previous = this.previous;
    this.previous = palm;
    // Time going back means a new stream: the old path means nothing.
    if (previous !== undefined && timestampMs <= previous.timestampMs) this.samples = this.history = [];
    this.history = [...this.history.filter((earlier) => timestampMs - earlier.timestampMs <= 2 * this.options.windowMs), palm];
    const speed = previous === undefined ? 0 : palmSpeedBetween(previous, palm, palm.handSize);
    if (speed > this.options.maxStepSpeed) {
      this.samples = [];
      return undefined;
    }
    // After a swipe: rest for the cooldown and until the hand slows down, so one long move is one swipe.
    if (this.resting) {
      if (timestampMs < this.quietUntilMs || speed >= this.options.restSpeed) return undefined;
      this.resting = false;
    }
    // A hand just come into the zone may start a swipe; one the tracker jumped to may not, until it rests.
    // A hand just come into the zone may start a swipe; one the tracker jumped to may not, until it rests.
    const origin = palm.inZone && (previous === undefined || speed < this.options.restSpeed);
    const keepFromMs = Math.min(timestampMs - this.options.windowMs, this.pending?.swipe.startedMs ?? Number.POSITIVE_INFINITY);
    this.samples = this.samples.filter((earlier) => earlier.timestampMs >= keepFromMs);
    this.samples.push({ ...palm, origin });
    if (this.pending !== undefined) return this.settle(this.pending, palm, speed);
    const swipe = this.swipeEndingNow();
    if (swipe !== undefined) this.pending = { swipe, peakSpeed: peakSpeed(this.samples.filter((sample) => sample.timestampMs >= swipe.startedMs)) };
    return undefined;
  }

  /**
   * A swipe is reported once the hand slows down still in the zone: a hand dropping out of it is lowered, not
   * swiped. It is dropped if the hand leaves the zone or does not slow down within two windows.
   */
  private settle(pending: { swipe: Swipe; peakSpeed: number }, palm: PalmSample, speed: number): Swipe | undefined {
    const tooLong = palm.timestampMs - pending.swipe.startedMs > 2 * this.options.windowMs;
    // Still one straight move from where it began: a hand coming back (a wave) makes it none.
    const straight = this.swipeAlong(this.samples.filter((sample) => sample.timestampMs >= pending.swipe.startedMs)) !== undefined;
    if (!palm.inZone || tooLong || !straight) {
      this.pending = undefined;
      this.samples = [];
      return undefined;
    }
    pending.peakSpeed = Math.max(pending.peakSpeed, speed);
    if (speed > Math.max(this.options.restSpeed, pending.peakSpeed * SETTLED_SHARE_OF_PEAK)) return undefined;
    this.pending = undefined;
    this.samples = [];
    this.resting = true;
    this.quietUntilMs = palm.timestampMs + this.options.cooldownMs;
    return pending.swipe;
  }

  /** The palm's straight-line travel since `sinceMs` (palm lengths), from the samples still kept. */
  travelSince(sinceMs: number): number {
    const from = this.history.find((sample) => sample.timestampMs >= sinceMs);
    const to = this.history.at(-1);
    if (from === undefined || to === undefined) return 0;
    return palmLengthsBetween(from.centre, to.centre, meanHandSize([from, to]));
  }

  /** The swipe from the earliest origin in the window that makes one with the latest sample, if any. */
  private swipeEndingNow(): Swipe | undefined {
    for (let start = 0; start < this.samples.length - 1; start++) {
      if (!this.samples[start]!.origin) continue;
      const swipe = this.swipeAlong(this.samples.slice(start));
      if (swipe !== undefined) return swipe;
    }
    return undefined;
  }

  private swipeAlong(path: readonly Sample[]): Swipe | undefined {
    const first = path[0]!;
    const last = path.at(-1)!;
    const size = meanHandSize(path);
    if (size <= 0) return undefined;
    const dx = (last.centre.x - first.centre.x) / size;
    const dy = (last.centre.y - first.centre.y) / size;
    const horizontal = Math.abs(dx) >= Math.abs(dy);
    const [main, other] = horizontal ? [Math.abs(dx), Math.abs(dy)] : [Math.abs(dy), Math.abs(dx)];
    if (main < this.options.minDistance || main < this.options.dominance * other) return undefined;
    if (pathLength(path) / size > this.options.maxDetour * Math.hypot(dx, dy)) return undefined;
    return {
      gesture: horizontal ? this.horizontalSwipe(dx) : dy < 0 ? 'swipe_up' : 'swipe_down',
      velocity: main / ((last.timestampMs - first.timestampMs) / 1000),
      distance: main,
      startedMs: first.timestampMs,
    };
  }

  private horizontalSwipe(imageDx: number): SwipeGesture {
    const towardsUsersRight = this.options.mirrored ? imageDx > 0 : imageDx < 0;
    return towardsUsersRight ? 'swipe_right' : 'swipe_left';
  }
}

function meanHandSize(samples: readonly PalmSample[]): number {
  return samples.reduce((sum, sample) => sum + sample.handSize, 0) / samples.length;
}

/** The length of the path through the samples, in pixels. */
function pathLength(samples: readonly PalmSample[]): number {
  let length = 0;
  for (let index = 1; index < samples.length; index++) {
    const [from, to] = [samples[index - 1]!, samples[index]!];
    length += Math.hypot(to.centre.x - from.centre.x, to.centre.y - from.centre.y);
  }
  return length;
}

/** The fastest step along the samples, in palm lengths per second. */
function peakSpeed(samples: readonly PalmSample[]): number {
  let peak = 0;
  for (let index = 1; index < samples.length; index++) peak = Math.max(peak, palmSpeedBetween(samples[index - 1]!, samples[index]!, samples[index]!.handSize));
  return peak;
}
