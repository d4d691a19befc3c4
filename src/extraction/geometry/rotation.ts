import type { Point } from './types.js';

/**
 * Wraps an angle into [-pi, pi), exactly as the NormalizeRadians helper shared by MediaPipe's
 * DetectionsToRectsCalculator, RectTransformationCalculator and HandLandmarksToRectCalculator.
 */
export function normalizeRadians(angle: number): number {
  return angle - 2 * Math.PI * Math.floor((angle + Math.PI) / (2 * Math.PI));
}

/**
 * The rect rotation that turns the vector p0 -> p1 (pixels, y down) to point at `targetAngle`, measured
 * counter-clockwise from +x as seen on screen. Ports DetectionsToRectsCalculator::ComputeRotation (and the
 * same formula in HandLandmarksToRectCalculator): with target pi/2, a hand whose wrist (p0) is below its
 * knuckles (p1) gets rotation 0, and a hand pointing right gets +pi/2 (clockwise on screen).
 */
export function computeRotation(p0: Point, p1: Point, targetAngle: number): number {
  return normalizeRadians(targetAngle - Math.atan2(-(p1.y - p0.y), p1.x - p0.x));
}

/**
 * Rotates the vector (x, y) by `angle` radians, clockwise on screen (y down): (x cos - y sin, x sin + y cos).
 * This is how every MediaPipe calculator maps a rect's local axes onto the image.
 */
export function rotateVector(x: number, y: number, angle: number): Point {
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  return { x: x * cos - y * sin, y: x * sin + y * cos };
}
