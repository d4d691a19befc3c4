import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fillTensorRect } from './fill-rect.js';

test('fills the pixels whose centres fall inside, all three channels', () => {
  const tensor = new Float32Array(4 * 3 * 3).fill(1);
  // Pixel centres are at k + 0.5: across, only 1.5 lies in [0.6, 2.4]; down, 1.5 and 2.5 lie in [1, 3].
  fillTensorRect(tensor, 4, 3, { x0: 0.6, y0: 1, x1: 2.4, y1: 3 });
  const filled = [...Array(12).keys()].filter((pixel) => tensor[pixel * 3] === 0);
  // Column 1 of rows 1 and 2: pixels 1*4+1 = 5 and 2*4+1 = 9.
  assert.deepEqual(filled, [5, 9]);
  assert.equal(tensor[5 * 3 + 1], 0);
  assert.equal(tensor[5 * 3 + 2], 0);
});

test('clips a rectangle reaching outside the tensor and ignores an empty one', () => {
  const tensor = new Float32Array(2 * 2 * 3).fill(1);
  fillTensorRect(tensor, 2, 2, { x0: -5, y0: -5, x1: 1, y1: 0.4 });
  assert.ok(tensor.every((value) => value === 1), 'no pixel centre lies inside');
  fillTensorRect(tensor, 2, 2, { x0: -5, y0: -5, x1: 50, y1: 50 }, 0.25);
  assert.ok(tensor.every((value) => value === 0.25));
});
