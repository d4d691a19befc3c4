import { HandLandmark, type FingerChain } from './hand-landmark-index.js';
import { distance, type Vector3 } from './vector3.js';

/**
 * How far a finger's tip is from the wrist, in lengths of the finger's own metacarpal (wrist to knuckle).
 * A straight finger reaches about 1.8-2.2 of them, a curled one 0.6-1.1, whichever way the hand is turned or
 * faces, since both lengths are 3-D distances within the hand.
 */
export function fingerReach(points: readonly Vector3[], [knuckle, , , tip]: FingerChain): number {
  const wrist = points[HandLandmark.WRIST]!;
  const metacarpal = distance(wrist, points[knuckle]!);
  return metacarpal === 0 ? 0 : distance(wrist, points[tip]!) / metacarpal;
}
