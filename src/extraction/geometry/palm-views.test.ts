import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertArrayClose, assertClose } from '../../testing/assert-close.js';
import { detectionFromView, imageBoxInView, mergeViewDetections, shrunkImageView, tileViews, viewToImageAffine, wholeImageView, type PalmView } from './palm-views.js';
import type { Detection } from './types.js';

/** Where tensor pixel (u, v) samples the image. */
const sample = (m: Float64Array, u: number, v: number): [number, number] => [m[0]! * u + m[1]! * v + m[2]!, m[3]! * u + m[4]! * v + m[5]!];

const palm = (score: number, xMin: number, yMin: number, size: number): Detection => ({
  score,
  box: { xMin, yMin, width: size, height: size },
  keypoints: [{ x: xMin + size / 2, y: yMin + size / 2 }],
});

test("the whole-image view is MediaPipe's letterbox: landscape bands above and below, portrait beside", () => {
  // 640x480 into 192x192: the padded square 640x640 around (320, 240), 10/3 image px per tensor px, top at -80.
  assert.deepEqual(wholeImageView(640, 480), { x: 0, y: -80, size: 640 });
  assertArrayClose(viewToImageAffine(wholeImageView(640, 480), 192), [10 / 3, 0, 0, 0, 10 / 3, -80]);
  // Tensor row 24 (0.125 * 192) is the first image row.
  assertArrayClose(sample(viewToImageAffine(wholeImageView(640, 480), 192), 0, 24), [0, 0]);
  assertArrayClose(viewToImageAffine(wholeImageView(480, 640), 192), [10 / 3, 0, -80, 0, 10 / 3, 0]);
});

test('the shrunk view shows the image half as large, centred in black', () => {
  // 640x480: a 1280 square around (320, 240), so 20/3 image px per tensor px; the image spans tensor x 48-144.
  const view = shrunkImageView(640, 480);
  assert.deepEqual(view, { x: -320, y: -400, size: 1280 });
  const m = viewToImageAffine(view, 192);
  assertArrayClose(sample(m, 48, 60), [0, 0]);
  assertArrayClose(sample(m, 144, 132), [640, 480]);
});

test('tiles are half the whole view, overlap by at least a third, and cover the image', () => {
  // 640x480: tiles of 320; along x (640 - 320) / (320 * 2/3) = 1.5 -> 3 starts 160 apart; along y 2 starts.
  const tiles = tileViews(640, 480);
  assert.deepEqual(
    tiles.map(({ x, y }) => [x, y]),
    [[0, 0], [160, 0], [320, 0], [0, 160], [160, 160], [320, 160]],
  );
  assert.ok(tiles.every((tile) => tile.size === 320));
  // Portrait 620x1080: tiles of 540; 2 across (overlap 460), 3 down 270 apart (overlap 270, half a tile).
  const portrait = tileViews(620, 1080);
  assert.deepEqual([...new Set(portrait.map(({ x }) => x))], [0, 80]);
  assert.deepEqual([...new Set(portrait.map(({ y }) => y))], [0, 270, 540]);
  // A square image: 2 x 2 tiles of half its side, meeting exactly in the middle would leave no overlap, so 3 x 3.
  assert.equal(tileViews(400, 400).length, 9);
});

test('a side shorter than a tile gets one centred tile', () => {
  // 1000x200: tiles of 500, taller than the image: one row, centred at y = (200 - 500) / 2.
  const tiles = tileViews(1000, 200);
  assert.deepEqual([...new Set(tiles.map(({ y }) => y))], [-150]);
  assert.deepEqual(tiles.map(({ x }) => x), [0, 250, 500]);
});

test('a box in the image lands on the same image pixels through the view', () => {
  const view: PalmView = { x: 160, y: 0, size: 320 };
  const rect = imageBoxInView({ x: 200, y: 100, width: 64, height: 32 }, view, 192);
  // 0.6 tensor px per image px: x (200 - 160) * 0.6 = 24 to 62.4, y 60 to 79.2.
  assertArrayClose([rect.x0, rect.y0, rect.x1, rect.y1], [24, 60, 62.4, 79.2], 1e-9);
  const m = viewToImageAffine(view, 192);
  assertArrayClose(sample(m, rect.x0, rect.y0), [200, 100], 1e-9);
  assertArrayClose(sample(m, rect.x1, rect.y1), [264, 132], 1e-9);
});

test("detections from MediaPipe's view come back as its letterbox removal gives them", () => {
  // 640x480: content height 0.75 of the tensor from 0.125: y' = (y - 0.125) / 0.75, x unchanged.
  const out = detectionFromView(
    { score: 0.7, box: { xMin: 0.25, yMin: 0.125, width: 0.5, height: 0.375 }, keypoints: [{ x: 0.5, y: 0.5 }, { x: 0.1, y: 0.875 }] },
    wholeImageView(640, 480),
    640,
    480,
  );
  assert.equal(out.score, 0.7);
  assertArrayClose([out.box.xMin, out.box.yMin, out.box.width, out.box.height], [0.25, 0, 0.5, 0.5]);
  assertArrayClose([out.keypoints[0]!.x, out.keypoints[0]!.y, out.keypoints[1]!.x, out.keypoints[1]!.y], [0.5, 0.5, 0.1, 1]);
});

test('detections from a tile and from the shrunk view land where the palm is in the image', () => {
  // A palm at tensor (0.5, 0.5) of the tile at (320, 160) of 320 px lies at image (480, 320) = (0.75, 2/3).
  const fromTile = detectionFromView(palm(0.9, 0.45, 0.45, 0.1), { x: 320, y: 160, size: 320 }, 640, 480);
  assertClose(fromTile.keypoints[0]!.x, 0.75);
  assertClose(fromTile.keypoints[0]!.y, 2 / 3);
  assertClose(fromTile.box.width, 32 / 640);
  assertClose(fromTile.box.height, 32 / 480);
  // In the shrunk view the image spans tensor 0.25-0.75 across: a palm box half the tensor wide is the whole width.
  const fromShrunk = detectionFromView(palm(0.9, 0.25, 0.25, 0.5), shrunkImageView(640, 480), 640, 480);
  assertArrayClose([fromShrunk.box.xMin, fromShrunk.box.width], [0, 1], 1e-12);
  assertClose(fromShrunk.box.yMin, (-400 + 320) / 480);
});

test('palms seen in two overlapping views are kept once, from the view that saw them best', () => {
  const whole = palm(0.95, 0.4, 0.4, 0.2);
  const cut = palm(0.8, 0.45, 0.4, 0.15); // IoU 0.56 with `whole`: the same palm, part of it in another tile
  const elsewhere = palm(0.85, 0.0, 0.0, 0.1);
  const merged = mergeViewDetections([[cut, elsewhere], [whole]]);
  assert.deepEqual(merged, [whole, elsewhere]);
});

test("one view's palms are returned as they are, even where two overlap", () => {
  // Within a view, weighted NMS has already run; its clusters may overlap a little and must not be thinned again.
  const a = palm(0.9, 0.4, 0.4, 0.2);
  const b = palm(0.8, 0.45, 0.4, 0.2);
  assert.deepEqual(mergeViewDetections([[a, b]]), [a, b]);
});
