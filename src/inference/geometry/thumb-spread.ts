import { HandLandmark } from './hand-landmark-index.js';
import { palmFrame } from './palm-frame.js';
import { dot, subtract, type Vector3 } from './vector3.js';

/**
 * Where the thumb tip is across the palm, in palm widths from the palm's middle line towards the index side
 * (the index knuckle is at +0.5, the pinky knuckle at -0.5). A thumb folded over the palm or tucked into a
 * fist sits between -0.6 and 0.6; one held out, whether spread wide, pointing up beside a fist or lying back
 * along the edge of the hand, sits beyond 0.8. Measured in the palm's own axes, so the same for either hand,
 * palm or back to the camera, at any rotation.
 */
export function thumbSpread(points: readonly Vector3[]): number {
  const frame = palmFrame(points);
  if (frame.width === 0) return 0;
  return dot(subtract(points[HandLandmark.THUMB_TIP]!, frame.origin), frame.across) / frame.width;
}
