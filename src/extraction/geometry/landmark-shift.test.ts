import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertClose } from '../../testing/assert-close.js';
import { landmarkShift } from './landmark-shift.js';
import type { Point } from './types.js';

/** 21 points whose palm (wrist 0, knuckles 5, 9, 17) measures 100 px by palmSize: a 100 px square palm. */
function hand(): Point[] {
  const points: Point[] = Array.from({ length: 21 }, () => ({ x: 50, y: 50 }));
  points[0] = { x: 0, y: 0 };
  points[5] = { x: 0, y: -100 };
  points[9] = { x: 0, y: -100 };
  points[17] = { x: 100, y: 0 };
  return points;
}

test('the same landmarks have no shift; all moved 10 px is a tenth of the palm size', () => {
  // palmSize = mean(|0-5| 100, |0-9| 100, |0-17| 100, |5-17| 141.42) = 110.355.
  const points = hand();
  assert.equal(landmarkShift(points, points), 0);
  assertClose(landmarkShift(points, points.map(({ x, y }) => ({ x: x + 6, y: y + 8 }))), 10 / 110.355, 1e-4);
});

test('one fingertip moved 210 px counts as a twenty-first of it', () => {
  const points = hand();
  const moved = points.map((point, index) => (index === 8 ? { x: point.x, y: point.y - 210 } : point));
  assertClose(landmarkShift(points, moved), 10 / 110.355, 1e-4);
});

test('readings of different lengths are refused', () => {
  assert.throws(() => landmarkShift(hand(), hand().slice(1)), RangeError);
});
