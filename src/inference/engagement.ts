import type { PixelPoint } from '../extraction/hand-landmarker-result.js';
import { palmLengthsBetween } from './geometry/palm-travel.js';

/** When a person is engaged with the interface: what gesture-triggered actions wait for. */
export interface EngagementOptions {
  /** How long an open palm must be held still towards the camera to engage, in milliseconds. */
  holdMs: number;
  /** Still: the palm slower than this, in palm lengths per second. */
  maxSpeed: number;
  /** With no hand in view this long, engagement ends. */
  lostMs: number;
  /** With no gesture acted on for this long, engagement ends. */
  idleMs: number;
}

/** One hand in one frame, as engagement reads it. */
export interface EngagementHand {
  /** An open palm (every finger out) held flat towards the camera. */
  openPalmTowardsCamera: boolean;
  centre: PixelPoint;
  /** The palm's length in pixels. */
  handSize: number;
}

/** Palm lengths a hand held still may wander however short the hold: landmark jitter. */
const STILL_JITTER = 0.1;

export type EngagementChange = 'engaged' | 'disengaged';

/**
 * Whether someone means to control the interface: engaged by holding an open palm still towards the camera for
 * `holdMs` (a pose people rarely hold still while talking, signing or washing their hands), disengaged when no
 * hand has been in view for `lostMs` or no gesture was acted on for `idleMs`. Frames in timestamp order; time
 * going back (a new stream) disengages.
 */
export class Engagement {
  private isEngaged = false;
  private holdStart: { atMs: number; centre: PixelPoint; handSize: number } | undefined;
  private lastHandMs = Number.NEGATIVE_INFINITY;
  private lastActiveMs = Number.NEGATIVE_INFINITY;
  private lastTimestampMs = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: EngagementOptions) {}

  get engaged(): boolean {
    return this.isEngaged;
  }

  /**
   * Takes a frame's hands, and whether a gesture was acted on in it; returns the change it makes, if any.
   */
  update(timestampMs: number, hands: readonly EngagementHand[], active: boolean): EngagementChange | undefined {
    const wasEngaged = this.isEngaged;
    if (timestampMs <= this.lastTimestampMs) this.reset();
    this.lastTimestampMs = timestampMs;
    if (hands.length > 0) this.lastHandMs = timestampMs;
    if (active) this.lastActiveMs = timestampMs;
    if (this.isEngaged) {
      const { lostMs, idleMs } = this.options;
      if (timestampMs - this.lastHandMs >= lostMs || timestampMs - this.lastActiveMs >= idleMs) this.isEngaged = false;
    } else if (this.heldStill(timestampMs, hands)) {
      this.isEngaged = true;
      this.lastActiveMs = timestampMs;
    }
    if (this.isEngaged === wasEngaged) return undefined;
    this.holdStart = undefined;
    return this.isEngaged ? 'engaged' : 'disengaged';
  }

  reset(): void {
    this.isEngaged = false;
    this.holdStart = undefined;
    this.lastHandMs = this.lastActiveMs = this.lastTimestampMs = Number.NEGATIVE_INFINITY;
  }

  /** Whether an open palm has now been held still for `holdMs`: it must stay near where the hold began. */
  private heldStill(timestampMs: number, hands: readonly EngagementHand[]): boolean {
    const start = this.holdStart;
    const palm = hands.find((hand) => hand.openPalmTowardsCamera && (start === undefined || this.stillSince(start, hand, timestampMs)));
    if (palm === undefined) {
      this.holdStart = undefined;
      return false;
    }
    if (start === undefined) {
      this.holdStart = { atMs: timestampMs, centre: palm.centre, handSize: palm.handSize };
      return false;
    }
    return timestampMs - start.atMs >= this.options.holdMs;
  }

  private stillSince(start: { atMs: number; centre: PixelPoint; handSize: number }, hand: EngagementHand, timestampMs: number): boolean {
    return palmLengthsBetween(start.centre, hand.centre, start.handSize) <= STILL_JITTER + (this.options.maxSpeed * (timestampMs - start.atMs)) / 1000;
  }
}
