import { test } from 'node:test';
import assert from 'node:assert/strict';
import { intersectionOverUnion, nonMaxSuppression, weightedNonMaxSuppression } from './non-max-suppression.js';
import type { Detection } from './types.js';
import { assertClose } from '../../testing/assert-close.js';

const detection = (score: number, xMin: number, yMin: number, size: number, kx = 0, ky = 0): Detection => ({
  score,
  box: { xMin, yMin, width: size, height: size },
  keypoints: [{ x: kx, y: ky }],
});

test('intersectionOverUnion', () => {
  const a = { xMin: 0, yMin: 0, width: 10, height: 10 };
  assertClose(intersectionOverUnion(a, a), 1);
  // Shifted 2 right: intersection 8 x 10 = 80, union 100 + 100 - 80 = 120.
  assertClose(intersectionOverUnion(a, { xMin: 2, yMin: 0, width: 10, height: 10 }), 80 / 120);
  // Quarter overlap: 5 x 5 = 25 over 100 + 100 - 25 = 175.
  assertClose(intersectionOverUnion(a, { xMin: 5, yMin: 5, width: 10, height: 10 }), 25 / 175);
  // A box inside another: 4 / 100.
  assertClose(intersectionOverUnion(a, { xMin: 3, yMin: 3, width: 2, height: 2 }), 0.04);
  assert.equal(intersectionOverUnion(a, { xMin: 10, yMin: 0, width: 10, height: 10 }), 0); // touching
  assert.equal(intersectionOverUnion(a, { xMin: 20, yMin: 20, width: 5, height: 5 }), 0); // disjoint
  const empty = { xMin: 1, yMin: 1, width: 0, height: 0 };
  assert.equal(intersectionOverUnion(empty, empty), 0);
});

test('two overlapping detections merge into their score-weighted average; a disjoint one stays', () => {
  const a = detection(0.9, 0, 0, 10, 5, 5);
  const b = detection(0.6, 2, 0, 10, 7, 6);
  const far = detection(0.95, 20, 20, 5, 22, 22);
  const out = weightedNonMaxSuppression([a, b, far], 0.3);
  assert.equal(out.length, 2);
  // Highest score first: the disjoint box, unchanged.
  assert.deepEqual(out[0], far);
  // IoU(a, b) = 2/3 > 0.3. Weights 0.9 and 0.6, total 1.5:
  // xMin = (0*0.9 + 2*0.6)/1.5 = 0.8, xMax = (10*0.9 + 12*0.6)/1.5 = 16.2/1.5 = 10.8 -> width 10;
  // keypoint x = (5*0.9 + 7*0.6)/1.5 = 8.7/1.5 = 5.8, y = (5*0.9 + 6*0.6)/1.5 = 8.1/1.5 = 5.4.
  const merged = out[1];
  assertClose(merged?.score, 0.9);
  assertClose(merged?.box.xMin, 0.8);
  assertClose(merged?.box.yMin, 0);
  assertClose(merged?.box.width, 10);
  assertClose(merged?.box.height, 10);
  assertClose(merged?.keypoints[0]?.x, 5.8);
  assertClose(merged?.keypoints[0]?.y, 5.4);
});

test('clusters form around the leader only, not transitively', () => {
  // Boxes 10 wide at x = 0, 6, 12 (all height 10). IoU(first, second) = 40/160 = 0.25 > 0.2 -> merged;
  // IoU(first, third) = 0, so the third survives although IoU(second, third) = 0.25 too.
  const out = weightedNonMaxSuppression(
    [detection(0.7, 12, 0, 10), detection(0.8, 6, 0, 10), detection(0.9, 0, 0, 10)],
    0.2,
  );
  assert.equal(out.length, 2);
  assertClose(out[0]?.score, 0.9);
  // (0*0.9 + 6*0.8)/1.7 = 4.8/1.7.
  assertClose(out[0]?.box.xMin, 4.8 / 1.7);
  assertClose(out[1]?.score, 0.7);
  assertClose(out[1]?.box.xMin, 12);
});

test('overlap at or below the threshold does not merge', () => {
  // IoU = 1/3 (shifted by half: 50 / 150) stays separate under 0.5.
  const out = weightedNonMaxSuppression([detection(0.6, 5, 0, 10), detection(0.9, 0, 0, 10)], 0.5);
  assert.deepEqual(
    out.map((d) => d.box.xMin),
    [0, 5],
  );
});

test('maxDetections stops after that many; empty input gives empty output', () => {
  const out = weightedNonMaxSuppression([detection(0.5, 0, 0, 1), detection(0.8, 5, 5, 1)], 0.3, 1);
  assert.equal(out.length, 1);
  assertClose(out[0]?.score, 0.8);
  assert.deepEqual(weightedNonMaxSuppression([], 0.3), []);
});

test('plain suppression keeps each cluster leader unaltered, best first', () => {
  // As the weighted test above: a and b overlap (IoU 2/3), the far box stands alone; a wins its cluster as it is.
  const a = detection(0.9, 0, 0, 10, 5, 5);
  const b = detection(0.6, 2, 0, 10, 7, 6);
  const far = detection(0.95, 20, 20, 5, 22, 22);
  assert.deepEqual(nonMaxSuppression([b, a, far], 0.3), [far, a]);
  assert.deepEqual(nonMaxSuppression([], 0.3), []);
});
