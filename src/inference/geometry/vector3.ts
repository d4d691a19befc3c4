/** A point or direction in 3-D. Inference geometry uses image pixels for x and y and the same scale for z. */
export interface Vector3 {
  x: number;
  y: number;
  z: number;
}

export function subtract(a: Vector3, b: Vector3): Vector3 {
  return { x: a.x - b.x, y: a.y - b.y, z: a.z - b.z };
}

export function dot(a: Vector3, b: Vector3): number {
  return a.x * b.x + a.y * b.y + a.z * b.z;
}

export function cross(a: Vector3, b: Vector3): Vector3 {
  return { x: a.y * b.z - a.z * b.y, y: a.z * b.x - a.x * b.z, z: a.x * b.y - a.y * b.x };
}

export function scale(a: Vector3, factor: number): Vector3 {
  return { x: a.x * factor, y: a.y * factor, z: a.z * factor };
}

export function length(a: Vector3): number {
  return Math.hypot(a.x, a.y, a.z);
}

export function distance(a: Vector3, b: Vector3): number {
  return Math.hypot(a.x - b.x, a.y - b.y, a.z - b.z);
}

/** `a` scaled to length 1 (a zero vector stays zero rather than becoming NaN). */
export function normalize(a: Vector3): Vector3 {
  const size = length(a);
  return size === 0 ? a : scale(a, 1 / size);
}

/** The angle between two directions in degrees, 0-180 (0 when either is a zero vector). */
export function angleBetween(a: Vector3, b: Vector3): number {
  const sizes = length(a) * length(b);
  if (sizes === 0) return 0;
  return (Math.acos(Math.min(1, Math.max(-1, dot(a, b) / sizes))) * 180) / Math.PI;
}
