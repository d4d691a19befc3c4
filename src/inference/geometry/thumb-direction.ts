import { HandLandmark } from './hand-landmark-index.js';
import type { Vector3 } from './vector3.js';

/**
 * Where the thumb points in the image, from its MCP joint to its tip: degrees counter-clockwise from image
 * right with up positive, so 90 is straight up the image and -90 straight down (range -180 to 180).
 */
export function thumbImageDirection(points: readonly Vector3[]): number {
  const joint = points[HandLandmark.THUMB_MCP]!;
  const tip = points[HandLandmark.THUMB_TIP]!;
  return (Math.atan2(joint.y - tip.y, tip.x - joint.x) * 180) / Math.PI;
}
