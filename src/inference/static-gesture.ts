import type { FingerStates } from './finger-states.js';
import { indexMiddleGap } from './geometry/fingertip-gap.js';
import { pinchDistance } from './geometry/pinch-distance.js';
import { thumbImageDirection } from './geometry/thumb-direction.js';
import { thumbSpread } from './geometry/thumb-spread.js';
import type { Vector3 } from './geometry/vector3.js';
import type { StaticGesture } from './gesture-types.js';

export interface StaticGestureMatch {
  gesture: StaticGesture | 'none';
  /** The least certain of the calls the gesture rests on (0.5-1); for `none`, how sure the finger states are. */
  confidence: number;
}

/** What a rule needs from each finger, thumb to pinky: held out, folded, or either. */
type FingerRequirement = 'out' | 'in' | 'any';

/** A further condition as a signed margin: positive when met, 1 or more when clearly met. */
type Condition = (points: readonly Vector3[]) => number;

interface GestureRule {
  gesture: StaticGesture;
  fingers: readonly [FingerRequirement, FingerRequirement, FingerRequirement, FingerRequirement, FingerRequirement];
  conditions: readonly Condition[];
}

/** Degrees the thumb may lean from straight up (or down) in the image and still be a thumbs up (down). */
const THUMB_VERTICAL_TOLERANCE = 55;
/** Thumb and index tips closer than this many palm lengths make the ring of an "ok". */
const OK_RING_GAP = 0.25;
/** Index and middle tips at least this many palm lengths apart make a V rather than two fingers together. */
const VICTORY_MIN_GAP = 0.35;
/** An open palm's thumb must not be folded across it: its tip at least this far to the index side. */
const OPEN_PALM_MIN_THUMB_SPREAD = 0.5;

const thumbLeanFrom = (target: number) => (points: readonly Vector3[]) => {
  const lean = Math.abs(((thumbImageDirection(points) - target + 540) % 360) - 180);
  return (THUMB_VERTICAL_TOLERANCE - lean) / 20;
};

/** Checked in order; the first that matches wins, so the more specific come first. */
const RULES: readonly GestureRule[] = [
  { gesture: 'ok', fingers: ['any', 'any', 'out', 'out', 'out'], conditions: [(p) => (OK_RING_GAP - pinchDistance(p)) / 0.1] },
  { gesture: 'open_palm', fingers: ['any', 'out', 'out', 'out', 'out'], conditions: [(p) => (thumbSpread(p) - OPEN_PALM_MIN_THUMB_SPREAD) / 0.3] },
  { gesture: 'fist', fingers: ['in', 'in', 'in', 'in', 'in'], conditions: [] },
  { gesture: 'thumbs_up', fingers: ['out', 'in', 'in', 'in', 'in'], conditions: [thumbLeanFrom(90)] },
  { gesture: 'thumbs_down', fingers: ['out', 'in', 'in', 'in', 'in'], conditions: [thumbLeanFrom(-90)] },
  { gesture: 'pointing', fingers: ['in', 'out', 'in', 'in', 'in'], conditions: [] },
  { gesture: 'victory', fingers: ['in', 'out', 'out', 'in', 'in'], conditions: [(p) => (indexMiddleGap(p) - VICTORY_MIN_GAP) / 0.15] },
];

/** The static gesture a hand shows, from its finger states and, where a rule needs them, its landmarks. */
export function recognizeStaticGesture(points: readonly Vector3[], states: FingerStates): StaticGestureMatch {
  for (const rule of RULES) {
    const certainties: number[] = [];
    const fingersMatch = rule.fingers.every((requirement, finger) => {
      if (requirement === 'any') return true;
      certainties.push(states.certainty[finger]!);
      return states.extended[finger] === (requirement === 'out');
    });
    if (!fingersMatch) continue;
    const margins = rule.conditions.map((condition) => condition(points));
    if (margins.some((margin) => margin <= 0)) continue;
    const conditionCertainties = margins.map((margin) => 0.5 + 0.5 * Math.min(1, margin));
    return { gesture: rule.gesture, confidence: Math.min(...certainties, ...conditionCertainties) };
  }
  return { gesture: 'none', confidence: states.confidence };
}
