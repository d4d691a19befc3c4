import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cropToImageAffine, letterboxAffine, rectToAffine } from './rect-affine.js';

const assertMatrix = (actual: Float64Array, expected: number[], tolerance = 1e-9): void => {
  assert.equal(actual.length, 6);
  expected.forEach((value, i) =>
    assert.ok(Math.abs(actual[i] - value) <= tolerance, `m${i} = ${actual[i]}, expected ${value}`),
  );
};

/** Where output pixel (u, v) samples the source. */
const sample = (m: Float64Array, u: number, v: number): [number, number] => [
  m[0] * u + m[1] * v + m[2],
  m[3] * u + m[4] * v + m[5],
];

const assertPoint = (actual: [number, number], expected: [number, number]): void => {
  const near = Math.abs(actual[0] - expected[0]) < 1e-9 && Math.abs(actual[1] - expected[1]) < 1e-9;
  assert.ok(near, `(${actual.join(', ')}) is not (${expected.join(', ')})`);
};

test('downscaling a whole image by 2 samples between each pair of source pixels', () => {
  // 8x8 rect centred on an 8x8 image into 4x4: output pixel 0 covers source [0, 2), centre at edge
  // position 1, which is between the centres of pixels 0 and 1 -> 0.5 in the centre convention.
  const m = rectToAffine({ xCenter: 4, yCenter: 4, width: 8, height: 8, rotation: 0 }, 4, 4);
  assertMatrix(m, [2, 0, 0.5, 0, 2, 0.5]);
});

test('unrotated rect: corners of the crop', () => {
  // Rect centre (100, 50), 40x20 into 4x4: 10 source px per output px across, 5 down; the crop spans
  // x [80, 120], y [40, 60] (edge convention).
  const rect = { xCenter: 100, yCenter: 50, width: 40, height: 20, rotation: 0 };
  assertMatrix(cropToImageAffine(rect, 4, 4), [10, 0, 80, 0, 5, 40]);
  const m = rectToAffine(rect, 4, 4);
  // Output pixel (0, 0) covers x [80, 90), y [40, 45): centre (85, 42.5) edge -> (84.5, 42) centre convention.
  assertMatrix(m, [10, 0, 84.5, 0, 5, 42]);
  assertPoint(sample(m, 0, 0), [84.5, 42]);
  // Output pixel (3, 3) covers x [110, 120), y [55, 60): centre (115, 57.5) -> (114.5, 57).
  assertPoint(sample(m, 3, 3), [114.5, 57]);
});

test('rect rotated 90 degrees clockwise: the crop runs down the image and its rows run leftwards', () => {
  // Same rect turned by +pi/2 (cos 0, sin 1). Its own top-left corner is centre + turn(-20, -10)
  // = (100 + 10, 50 - 20) = (110, 30), the image-space top-RIGHT of the turned box x [90, 110], y [30, 70].
  // Stepping u moves turn(10, 0) = (0, 10) (down); stepping v moves turn(0, 5) = (-5, 0) (left).
  const rect = { xCenter: 100, yCenter: 50, width: 40, height: 20, rotation: Math.PI / 2 };
  assertMatrix(cropToImageAffine(rect, 4, 4), [0, -5, 110, 10, 0, 30]);
  const m = rectToAffine(rect, 4, 4);
  // m2 = 110 + (0 - 5)/2 - 0.5 = 107, m5 = 30 + (10 + 0)/2 - 0.5 = 34.5.
  assertMatrix(m, [0, -5, 107, 10, 0, 34.5]);
  // Output pixel (0, 0): crop centre (0.5, 0.5) -> local (-15, -7.5) -> turned (7.5, -15) -> (107.5, 35) edge.
  assertPoint(sample(m, 0, 0), [107, 34.5]);
  // Output pixel (3, 0): local (15, -7.5) -> turned (7.5, 15) -> (107.5, 65) edge -> (107, 64.5).
  assertPoint(sample(m, 3, 0), [107, 64.5]);
  // Output pixel (0, 3): local (-15, 7.5) -> turned (-7.5, -15) -> (92.5, 35) edge -> (92, 34.5).
  assertPoint(sample(m, 0, 3), [92, 34.5]);
});

test('letterboxAffine: landscape image centred with bands above and below', () => {
  // 640x480 into 192x192: padded square 640x640 around (320, 240), so 10/3 source px per output px and
  // the top edge of the tensor is at y = 240 - 320 = -80. Centre convention offset: 10/3 * 0.5 - 0.5 = 7/6.
  const m = letterboxAffine(640, 480, 192, 192);
  assertMatrix(m, [10 / 3, 0, 7 / 6, 0, 10 / 3, -80 + 7 / 6]);
  // Row 23 is the last band row: its centre is at y = 23.5 * 10/3 - 80 = -1.67 (edge), outside the image;
  // row 24 (= 0.125 * 192, the first content row) is at 24.5 * 10/3 - 80 = 1.67 edge -> 1.1667 centre.
  assert.ok(sample(m, 0, 23)[1] < -0.5);
  assertPoint(sample(m, 0, 24), [7 / 6, 7 / 6]);
  // The last row of content is 191 - 24 = 167: 167.5 * 10/3 - 80 = 478.33 edge, inside the 480 rows.
  assert.ok(sample(m, 0, 167)[1] < 479.5);
  assert.ok(sample(m, 0, 168)[1] > 479.5);
});

test('letterboxAffine: portrait image gets bands left and right', () => {
  // 480x640 into 192x192: padded 640x640 around (240, 320): left edge at 240 - 320 = -80.
  assertMatrix(letterboxAffine(480, 640, 192, 192), [10 / 3, 0, -80 + 7 / 6, 0, 10 / 3, 7 / 6]);
});
