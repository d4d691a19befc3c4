import { handSize } from './hand-size.js';
import { HandLandmark } from './hand-landmark-index.js';
import { distance, type Vector3 } from './vector3.js';

/**
 * The gap between the thumb tip and the index tip in palm lengths, capped at 1: 0 when they touch, about
 * 0.1-0.2 in a pinch or an "ok", 1 when the hand is open.
 */
export function pinchDistance(points: readonly Vector3[]): number {
  const size = handSize(points);
  if (size === 0) return 1;
  return Math.min(1, distance(points[HandLandmark.THUMB_TIP]!, points[HandLandmark.INDEX_TIP]!) / size);
}
