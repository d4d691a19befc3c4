import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HAND_LANDMARK_NORMALIZE_Z, projectLandmarks, projectWorldLandmarks } from './project-landmarks.js';
import { assertArrayClose } from '../../testing/assert-close.js';

test('unrotated: crop units scale by rect/inputSize from the rect corner; z by width/inputSize/0.4', () => {
  // 448x448 rect at (300, 200) seen through a 224 input: 2 source px per input px, crop corner at (76, -24).
  const rect = { xCenter: 300, yCenter: 200, width: 448, height: 448, rotation: 0 };
  const raw = new Float32Array([112, 112, 10, 0, 0, 0, 224, 0, -4]);
  // Centre -> rect centre; z 10 * 2 / 0.4 = 50. Corner -> (76, -24). (224, 0) -> (524, -24); z -4*2/0.4 = -20.
  assertArrayClose(projectLandmarks(raw, 224, rect), [300, 200, 50, 76, -24, 0, 524, -24, -20], 1e-3);
  // normalizeZ 1 is LandmarkProjectionCalculator alone: z 10 * 2 = 20.
  assertArrayClose(projectLandmarks(raw.subarray(0, 3), 224, rect, undefined, 1), [300, 200, 20], 1e-3);
  assert.equal(HAND_LANDMARK_NORMALIZE_Z, 0.4);
});

test('rotated +90 degrees: the crop top lies on the image right', () => {
  const rect = { xCenter: 300, yCenter: 200, width: 448, height: 448, rotation: Math.PI / 2 };
  // Top-middle (112, 0): local (0, -224) -> turned (224, 0) -> (524, 200).
  // Top-right (224, 0): local (224, -224) -> turned (0*224 + 224, 224 + 0) = (224, 224) -> (524, 424).
  // Left-middle (0, 112): local (-224, 0) -> turned (0, -224) -> (300, -24).
  const raw = new Float32Array([112, 0, 1, 224, 0, 0, 0, 112, 0]);
  assertArrayClose(projectLandmarks(raw, 224, rect), [524, 200, 5, 524, 424, 0, 300, -24, 0], 1e-3);
});

test('a non-square rect scales x and y separately', () => {
  // 448 wide, 224 high: (224, 224) is the bottom-right corner, (300 + 224, 200 + 112).
  const rect = { xCenter: 300, yCenter: 200, width: 448, height: 224, rotation: 0 };
  assertArrayClose(projectLandmarks(new Float32Array([224, 224, 0]), 224, rect), [524, 312, 0], 1e-3);
});

test('projectLandmarks writes into a given buffer, even the input itself', () => {
  const rect = { xCenter: 300, yCenter: 200, width: 448, height: 448, rotation: 0 };
  const raw = new Float32Array([0, 0, 0, 112, 112, 0]);
  const out = projectLandmarks(raw, 224, rect, raw);
  assert.equal(out, raw);
  assertArrayClose(raw, [76, -24, 0, 300, 200, 0], 1e-3);
  assert.throws(() => projectLandmarks(new Float32Array(6), 224, rect, new Float32Array(3)), RangeError);
  assert.throws(() => projectLandmarks(new Float32Array(4), 224, rect), RangeError);
});

test('projectWorldLandmarks turns x, y by the rotation and keeps z', () => {
  const raw = new Float32Array([1, 2, 3, -0.5, 0, 0.25]);
  // By +pi/2: (x, y) -> (x*0 - y*1, x*1 + y*0) = (-y, x).
  assertArrayClose(projectWorldLandmarks(raw, Math.PI / 2), [-2, 1, 3, 0, -0.5, 0.25], 1e-6);
  assertArrayClose(projectWorldLandmarks(raw, 0), [1, 2, 3, -0.5, 0, 0.25], 1e-6);
  const out = new Float32Array(6);
  assert.equal(projectWorldLandmarks(raw, Math.PI, out), out);
  assertArrayClose(out, [-1, -2, 3, 0.5, 0, 0.25], 1e-6);
});
