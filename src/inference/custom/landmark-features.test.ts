import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertArrayClose, assertClose } from '../../testing/assert-close.js';
import { mirrorHand, syntheticHand, transformHand } from '../testing/synthetic-hand.js';
import { landmarkFeatures } from './landmark-features.js';

const victory = syntheticHand({ extended: [false, true, true, false, false] });
const flat = (points: { x: number; y: number }[]) => points.map(({ x, y }) => ({ x, y }));

test('the wrist goes to the origin and the middle knuckle straight above it at distance 1', () => {
  const features = landmarkFeatures(flat(transformHand(victory, { z: 90 }, { x: 200, y: 100, z: 0 })));
  assert.equal(features.length, 42);
  assertArrayClose(features.slice(0, 2), [0, 0]);
  assertArrayClose(features.slice(18, 20), [0, -1], 1e-12);
  // The index knuckle, (-35, -95) from the wrist in the upright model hand, is right of the pinky knuckle
  // after the flip: (0.35, -0.95).
  assertClose(features[10], 0.35, 1e-12);
  assertClose(features[11], -0.95, 1e-12);
});

test('the same pose gives the same features wherever it is, however large, turned in the image, or mirrored', () => {
  const reference = landmarkFeatures(flat(victory));
  const poses = [
    transformHand(victory, { z: 37 }, { x: 500, y: 20, z: 0 }),
    transformHand(victory, { z: -150 }),
    mirrorHand(victory),
    victory.map(({ x, y, z }) => ({ x: x * 3 + 7, y: y * 3 - 4, z })),
  ];
  for (const pose of poses) assertArrayClose(landmarkFeatures(flat(pose)), reference, 1e-9);
  const fist = landmarkFeatures(flat(syntheticHand({ extended: [false, false, false, false, false] })));
  assert.ok(Math.hypot(...fist.map((value, index) => value - reference[index]!)) > 0.5, 'a different pose is far away');
});
