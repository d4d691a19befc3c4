import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pathFeatures, resamplePath } from './path-features.js';

test('pathFeatures: each point relative to the first, in the given unit', () => {
  assert.deepEqual(pathFeatures([{ x: 10, y: 20 }, { x: 30, y: 20 }, { x: 30, y: 60 }], 20), [0, 0, 1, 0, 1, 2]);
  assert.deepEqual(pathFeatures([], 1), []);
});

test('resamplePath: points evenly spaced in time, interpolated between uneven samples', () => {
  // A straight move at 1 px/ms sampled at 0, 10, 40 ms (a dropped frame), resampled to 5 points: every 10 ms.
  const samples = [0, 10, 40].map((t) => ({ x: t, y: 2 * t, timestampMs: t }));
  assert.deepEqual(resamplePath(samples, 5), [0, 10, 20, 30, 40].map((x) => ({ x, y: 2 * x })));
  assert.deepEqual(resamplePath([{ x: 3, y: 4, timestampMs: 5 }], 3), [{ x: 3, y: 4 }, { x: 3, y: 4 }, { x: 3, y: 4 }]);
  assert.deepEqual(resamplePath([], 3), []);
});

test('resamplePath: finite points however large the timestamps (a client sets a browser frame\'s time)', () => {
  const samples = [1, 2, 1.5e307].map((t, i) => ({ x: i, y: i, timestampMs: t }));
  const points = resamplePath(samples, 32);
  assert.ok(points.every((point) => Number.isFinite(point.x) && Number.isFinite(point.y)), JSON.stringify(points.slice(0, 14)));
});
