import { test } from 'node:test';
import { cropToImageAffine } from './rect-affine.js';
import { assertArrayClose } from '../../testing/assert-close.js';

/** Where output pixel (u, v) samples the source. */
const sample = (m: Float64Array, u: number, v: number): [number, number] => [
  m[0] * u + m[1] * v + m[2],
  m[3] * u + m[4] * v + m[5],
];

test('unrotated rect: output pixel indices land on the crop\'s corners, as MediaPipe\'s OpenCV warp', () => {
  // Rect centre (100, 50), 40x20 into 4x4: 10 source px per output px across, 5 down; the crop spans
  // x [80, 120], y [40, 60].
  const rect = { xCenter: 100, yCenter: 50, width: 40, height: 20, rotation: 0 };
  const m = cropToImageAffine(rect, 4, 4);
  assertArrayClose(m, [10, 0, 80, 0, 5, 40]);
  assertArrayClose(sample(m, 0, 0), [80, 40]);
  assertArrayClose(sample(m, 3, 3), [110, 55]);
});

test('rect rotated 90 degrees clockwise: the crop runs down the image and its rows run leftwards', () => {
  // Same rect turned by +pi/2 (cos 0, sin 1). Its own top-left corner is centre + turn(-20, -10)
  // = (100 + 10, 50 - 20) = (110, 30), the image-space top-RIGHT of the turned box x [90, 110], y [30, 70].
  // Stepping u moves turn(10, 0) = (0, 10) (down); stepping v moves turn(0, 5) = (-5, 0) (left).
  const rect = { xCenter: 100, yCenter: 50, width: 40, height: 20, rotation: Math.PI / 2 };
  const m = cropToImageAffine(rect, 4, 4);
  assertArrayClose(m, [0, -5, 110, 10, 0, 30]);
  assertArrayClose(sample(m, 3, 0), [110, 60]);
  assertArrayClose(sample(m, 0, 3), [95, 30]);
});
