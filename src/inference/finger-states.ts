import { fingerCurl } from './geometry/finger-curl.js';
import { fingerReach } from './geometry/finger-reach.js';
import { FINGER_CHAINS, FINGER_NAMES, HandLandmark } from './geometry/hand-landmark-index.js';
import { handSize } from './geometry/hand-size.js';
import { thumbSpread } from './geometry/thumb-spread.js';
import { distance, type Vector3 } from './geometry/vector3.js';

/** Which fingers are held out, thumb to pinky, and how sure each call is. */
export interface FingerStates {
  /** Thumb, index, middle, ring, pinky: true when held out. */
  extended: boolean[];
  /** How sure each call is: 0.5 on the threshold, 1 well clear of it. Thumb to pinky. */
  certainty: number[];
  /** How many fingers are held out (0-5). */
  count: number;
  /** The least certain finger's certainty: how far the count can be trusted. */
  confidence: number;
}

/**
 * The thresholds, tuned on the 200 photos of finger-count-epsrc `testing_set` and checked on the 200 of
 * `validation_set` (see finger-count.test.ts). Each `...Band` is how far past its threshold a value must be
 * for a call to be certain (certainty 1).
 */
export const FINGER_STATE_THRESHOLDS = {
  /** A finger is out when its tip is at least this many metacarpal lengths from the wrist... */
  minReach: 1.5,
  reachBand: 0.3,
  /** ...and its two outer joints bend no more than this many degrees together. */
  maxCurl: 90,
  curlBand: 40,
  /** The thumb is out when its tip is at least this many palm widths towards the index side of the palm. */
  minThumbSpread: 0.75,
  thumbSpreadBand: 0.3,
  /**
   * A fingertip closer than this many palm lengths to the thumb tip closes a ring with it (an "O", the ring of
   * an "ok"): that finger and the thumb are folded, not held up, however straight they are. With it, 334 of
   * Kinivi's 337 "OK" samples read three fingers up (1 without); held-up fingers on the finger-count photos stay
   * at least 0.37 palm lengths from the thumb tip.
   */
  minThumbGap: 0.25,
  thumbGapBand: 0.1,
} as const;

/**
 * Decides each finger from its own geometry, not from image directions, so that it works with the hand turned
 * any way, pointing down or sideways, palm or back to the camera, left or right, mirrored or not. A finger
 * counts only when held up: the four fingers are out when straight and reaching away from the wrist; the thumb,
 * whose tip stays far from the wrist even when folded, is out when its tip is clear of the palm on the index
 * side. A finger curled round to touch the thumb tip (an "O") is folded, and so is the thumb it touches.
 */
export function fingerStates(points: readonly Vector3[]): FingerStates {
  const t = FINGER_STATE_THRESHOLDS;
  // Signed margins: positive means out; 1 means certain.
  const ringMargins = thumbGaps(points).map((gap) => (gap - t.minThumbGap) / t.thumbGapBand);
  const margins = FINGER_NAMES.map((finger, index) => {
    if (finger === 'thumb') return Math.min((thumbSpread(points) - t.minThumbSpread) / t.thumbSpreadBand, ...ringMargins);
    const chain = FINGER_CHAINS[finger];
    const reachMargin = (fingerReach(points, chain) - t.minReach) / t.reachBand;
    const curlMargin = (t.maxCurl - fingerCurl(points, chain)) / t.curlBand;
    return Math.min(reachMargin, curlMargin, ringMargins[index - 1]!);
  });
  const extended = margins.map((margin) => margin > 0);
  const certainty = margins.map((margin) => 0.5 + 0.5 * Math.min(1, Math.abs(margin)));
  return {
    extended,
    certainty,
    count: extended.filter(Boolean).length,
    confidence: Math.min(...certainty),
  };
}

const FINGERTIPS = [HandLandmark.INDEX_TIP, HandLandmark.MIDDLE_TIP, HandLandmark.RING_TIP, HandLandmark.PINKY_TIP] as const;

/** How far each fingertip, index to pinky, is from the thumb tip, in palm lengths (3-D). */
function thumbGaps(points: readonly Vector3[]): number[] {
  const size = handSize(points);
  const thumbTip = points[HandLandmark.THUMB_TIP]!;
  return FINGERTIPS.map((tip) => (size === 0 ? 0 : distance(points[tip]!, thumbTip) / size));
}
