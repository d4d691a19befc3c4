import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertHandLandmarks, boxContainment, boxOverlap, detectionBox, landmarksBoundingBox, palmCenter, palmSize, rectOverlap } from './hand-box.js';
import type { Point } from './types.js';

test('landmarksBoundingBox spans the extreme points', () => {
  const box = landmarksBoundingBox([
    { x: 3, y: 4 },
    { x: 1, y: 7 },
    { x: 5, y: 2 },
  ]);
  // x from 1 to 5, y from 2 to 7.
  assert.deepEqual(box, { x: 1, y: 2, width: 4, height: 5 });
  assert.deepEqual(landmarksBoundingBox([{ x: 2, y: 3 }]), { x: 2, y: 3, width: 0, height: 0 });
  assert.throws(() => landmarksBoundingBox([]), RangeError);
});

test('palmCenter averages the wrist and the four finger MCPs only', () => {
  const landmarks: Point[] = Array.from({ length: 21 }, () => ({ x: 1000, y: 1000 }));
  landmarks[0] = { x: 0, y: 0 };
  landmarks[5] = { x: 10, y: 0 };
  landmarks[9] = { x: 20, y: 10 };
  landmarks[13] = { x: 30, y: 20 };
  landmarks[17] = { x: 40, y: 30 };
  // x: (0 + 10 + 20 + 30 + 40)/5 = 20; y: (0 + 0 + 10 + 20 + 30)/5 = 12.
  assert.deepEqual(palmCenter(landmarks), { x: 20, y: 12 });
  assert.throws(() => palmCenter(landmarks.slice(0, 18)), RangeError);
  assert.throws(() => assertHandLandmarks([]), RangeError);
});

test('rectOverlap is the IoU of the unrotated boxes, as MediaPipe associates rects', () => {
  const a = { xCenter: 50, yCenter: 50, width: 20, height: 20, rotation: 0 };
  assert.equal(rectOverlap(a, a), 1);
  // b spans x [50, 70], y [40, 60]; a spans [40, 60] both ways: intersection 10 x 20 = 200,
  // union 400 + 400 - 200 = 600 -> 1/3. b's rotation of 1 rad does not change it.
  const b = { xCenter: 60, yCenter: 50, width: 20, height: 20, rotation: 1 };
  assert.ok(Math.abs(rectOverlap(a, b) - 1 / 3) < 1e-12);
  assert.equal(rectOverlap(a, { ...b, xCenter: 100 }), 0);
});

test('boxOverlap: two hands side by side overlap little, the same hand twice fully', () => {
  const front = { x: 127, y: 77, width: 196, height: 287 };
  const behind = { x: 69, y: 78, width: 117, height: 230 };
  // Intersection x 127..186 (59) by y 78..308 (230) = 13570; union 56252 + 26910 - 13570 = 69592.
  assert.ok(Math.abs(boxOverlap(front, behind) - 13570 / 69592) < 1e-9);
  assert.equal(boxOverlap(front, { ...front }), 1);
});

test('detectionBox scales a normalised palm box to image pixels', () => {
  const palm = { score: 0.9, box: { xMin: 0.25, yMin: 0.5, width: 0.1, height: 0.2 }, keypoints: [] };
  assert.deepEqual(detectionBox(palm, 640, 480), { x: 160, y: 240, width: 64, height: 96 });
});

test('boxContainment: a small box inside a large one is fully contained, side-by-side boxes barely', () => {
  const hand = { x: 100, y: 100, width: 200, height: 300 };
  assert.equal(boxContainment(hand, { x: 150, y: 150, width: 50, height: 50 }), 1);
  // Half of the 100x100 box (x 250..350) lies inside the hand (x ..300): 50*100 / 100*100.
  assert.equal(boxContainment({ x: 250, y: 200, width: 100, height: 100 }, hand), 0.5);
  assert.equal(boxContainment(hand, { x: 400, y: 100, width: 50, height: 50 }), 0);
});

test('palmSize averages the wrist-to-base distances and the width across the bases', () => {
  const points = Array.from({ length: 21 }, () => ({ x: 0, y: 0 }));
  points[5] = { x: -30, y: -40 }; // 50 from the wrist
  points[9] = { x: 0, y: -60 }; // 60
  points[17] = { x: 30, y: -40 }; // 50; index to pinky base 60
  assert.equal(palmSize(points), (50 + 60 + 50 + 60) / 4);
});
