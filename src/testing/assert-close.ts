import assert from 'node:assert/strict';
import type { RotatedRect } from '../extraction/geometry/types.js';

/** Asserts `actual` is defined and within `tolerance` (inclusive) of `expected`; NaN never passes. */
export function assertClose(actual: number | undefined, expected: number, tolerance = 1e-9, label?: string): void {
  const prefix = label === undefined ? '' : `${label}: `;
  assert.ok(actual !== undefined, `${prefix}expected ${expected}, got undefined`);
  assert.ok(Math.abs(actual - expected) <= tolerance, `${prefix}${actual} is not within ${tolerance} of ${expected}`);
}

/** Asserts the two arrays have the same length and each element of `actual` is within `tolerance` of `expected`. */
export function assertArrayClose(
  actual: ArrayLike<number>,
  expected: readonly number[],
  tolerance = 1e-9,
  label = 'array',
): void {
  assert.equal(actual.length, expected.length, `${label}: length ${actual.length}, expected ${expected.length}`);
  expected.forEach((value, i) => assertClose(actual[i], value, tolerance, `${label}[${i}]`));
}

/** Asserts all five fields of a rotated rect (centre, size, rotation) are within `tolerance` of `expected`. */
export function assertRectClose(actual: RotatedRect, expected: RotatedRect, tolerance = 1e-9): void {
  assertClose(actual.xCenter, expected.xCenter, tolerance, 'xCenter');
  assertClose(actual.yCenter, expected.yCenter, tolerance, 'yCenter');
  assertClose(actual.width, expected.width, tolerance, 'width');
  assertClose(actual.height, expected.height, tolerance, 'height');
  assertClose(actual.rotation, expected.rotation, tolerance, 'rotation');
}
