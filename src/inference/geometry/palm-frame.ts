import { HandLandmark } from './hand-landmark-index.js';
import { cross, distance, dot, normalize, scale, subtract, type Vector3 } from './vector3.js';

/**
 * Axes fixed to the palm, the same for a left or right hand, palm or back to the camera, at any angle:
 * `up` from the wrist to the middle knuckle, `across` from the pinky knuckle towards the index knuckle
 * (at right angles to `up`), `normal` out of the palm plane. `origin` is midway between the index and pinky
 * knuckles; `width` the distance between them.
 */
export interface PalmFrame {
  origin: Vector3;
  up: Vector3;
  across: Vector3;
  normal: Vector3;
  width: number;
}

export function palmFrame(points: readonly Vector3[]): PalmFrame {
  const wrist = points[HandLandmark.WRIST]!;
  const indexKnuckle = points[HandLandmark.INDEX_MCP]!;
  const pinkyKnuckle = points[HandLandmark.PINKY_MCP]!;
  const up = normalize(subtract(points[HandLandmark.MIDDLE_MCP]!, wrist));
  const knuckles = subtract(indexKnuckle, pinkyKnuckle);
  const across = normalize(subtract(knuckles, scale(up, dot(knuckles, up))));
  return {
    origin: scale({ x: indexKnuckle.x + pinkyKnuckle.x, y: indexKnuckle.y + pinkyKnuckle.y, z: indexKnuckle.z + pinkyKnuckle.z }, 0.5),
    up,
    across,
    normal: cross(up, across),
    width: distance(indexKnuckle, pinkyKnuckle),
  };
}
