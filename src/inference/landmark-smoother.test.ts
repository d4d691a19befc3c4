import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LandmarkSmoother } from './landmark-smoother.js';
import { syntheticHandLandmarks } from './testing/synthetic-extraction.js';
import { syntheticHand, transformHand } from './testing/synthetic-hand.js';

const PARAMETERS = { minCutoff: 0.05, beta: 80, derivativeCutoff: 1 };
const open = syntheticHand({ extended: [true, true, true, true, true] });

test('a hand jittering by a pixel is held steady; one that moves is followed', () => {
  const smoother = new LandmarkSmoother(PARAMETERS);
  const tipX = (offsetX: number, frame: number) =>
    smoother.smooth(syntheticHandLandmarks(transformHand(open, {}, { x: 320 + offsetX, y: 300, z: 0 })), 1, frame * 33, 640, 480).landmarks[8]!.pixelX;
  const jitter = Array.from({ length: 30 }, (_, frame) => tipX(frame % 2 ? 1 : -1, frame));
  const spread = Math.max(...jitter.slice(10)) - Math.min(...jitter.slice(10));
  assert.ok(spread < 1, `smoothed jitter spans ${spread} px, raw 2 px`);

  // Then a move of 10 px a frame for 10 frames: the smoothed tip lags by less than two frames' travel.
  let last = 0;
  for (let frame = 30; frame < 40; frame++) last = tipX((frame - 29) * 10, frame);
  const raw = 320 + 100 - 35;
  assert.ok(raw - last < 20, `lag ${raw - last} px`);
});

test('still images are not smoothed, and x, y, z stay consistent', () => {
  const smoother = new LandmarkSmoother(PARAMETERS);
  const hand = syntheticHandLandmarks(transformHand(open, {}, { x: 320, y: 300, z: 0 }));
  const first = smoother.smooth(hand, 1, 0, 640, 480);
  const again = smoother.smooth(syntheticHandLandmarks(transformHand(open, {}, { x: 100, y: 100, z: 0 })), 1, 0, 640, 480);
  assert.deepEqual(first.landmarks, hand.landmarks);
  assert.equal(again.landmarks[0]!.pixelX, 100, 'same timestamp: a fresh start, not a blend');
  assert.equal(again.landmarks[0]!.x, 100 / 640);
  smoother.keepOnly([]);
});
