import { handSize } from './hand-size.js';
import { HandLandmark } from './hand-landmark-index.js';
import { distance, type Vector3 } from './vector3.js';

/** The gap between the index and middle fingertips in palm lengths: about 0.2 held together, 0.5+ in a V. */
export function indexMiddleGap(points: readonly Vector3[]): number {
  const size = handSize(points);
  return size === 0 ? 0 : distance(points[HandLandmark.INDEX_TIP]!, points[HandLandmark.MIDDLE_TIP]!) / size;
}
