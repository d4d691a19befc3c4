import type { Point } from '../../extraction/geometry/types.js';
import { HandLandmark } from '../geometry/hand-landmark-index.js';

/**
 * A hand pose as numbers a learner can compare: the 21 landmarks in 2-D, moved so the wrist is at the
 * origin, turned so the middle knuckle is straight above it, scaled so that distance is 1, and flipped if
 * need be so the index knuckle is right of the pinky knuckle. Two hands in the same pose then give about the
 * same numbers wherever they are in the image, however large, however turned, left or right, palm or back.
 * Returns 42 numbers: x0, y0, ..., x20, y20 (y down, as in images).
 */
export function landmarkFeatures(points: readonly Point[]): number[] {
  const wrist = points[HandLandmark.WRIST]!;
  const knuckle = points[HandLandmark.MIDDLE_MCP]!;
  const palmLength = Math.hypot(knuckle.x - wrist.x, knuckle.y - wrist.y) || 1;
  // Turn by the angle that takes the wrist-to-knuckle direction to straight up (0, -1).
  const angle = -Math.PI / 2 - Math.atan2(knuckle.y - wrist.y, knuckle.x - wrist.x);
  const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
  const upright = points.map(({ x, y }) => {
    const [dx, dy] = [(x - wrist.x) / palmLength, (y - wrist.y) / palmLength];
    return { x: dx * cos - dy * sin, y: dx * sin + dy * cos };
  });
  const flip = upright[HandLandmark.INDEX_MCP]!.x < upright[HandLandmark.PINKY_MCP]!.x ? -1 : 1;
  return upright.flatMap(({ x, y }) => [x * flip, y]);
}
