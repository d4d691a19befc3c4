import { HandLandmark } from './hand-landmark-index.js';
import { distance, type Vector3 } from './vector3.js';

/**
 * The length of the palm, wrist to middle-finger knuckle: the hand's own unit of length. It changes neither
 * when fingers bend nor when the thumb moves, and, being 3-D, little when the hand turns.
 */
export function handSize(points: readonly Vector3[]): number {
  return distance(points[HandLandmark.WRIST]!, points[HandLandmark.MIDDLE_MCP]!);
}
