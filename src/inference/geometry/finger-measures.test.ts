import { describe, test } from 'node:test';
import { assertClose } from '../../testing/assert-close.js';
import { mirrorHand, syntheticHand, transformHand } from '../testing/synthetic-hand.js';
import { fingerCurl } from './finger-curl.js';
import { fingerReach } from './finger-reach.js';
import { indexMiddleGap } from './fingertip-gap.js';
import { FINGER_CHAINS } from './hand-landmark-index.js';
import { handSize } from './hand-size.js';
import { palmFrame } from './palm-frame.js';
import { pinchDistance } from './pinch-distance.js';
import { thumbImageDirection } from './thumb-direction.js';
import { thumbSpread } from './thumb-spread.js';
import type { Vector3 } from './vector3.js';

const open = syntheticHand({ extended: [true, true, true, true, true] });
const fist = syntheticHand({ extended: [false, false, false, false, false] });

/** The same hand turned every which way, moved, and mirrored: what a rotation-invariant measure must not see. */
const poses = (points: Vector3[]): [string, Vector3[]][] => [
  ['upright', points],
  ['upside down', transformHand(points, { z: 180 }, { x: 400, y: 300, z: 0 })],
  ['pointing sideways', transformHand(points, { z: 90 })],
  ['tilted towards the camera', transformHand(points, { x: 60 })],
  ['turned to show its back', transformHand(points, { y: 180 }, { x: 50, y: 50, z: 0 })],
  ['turned every way', transformHand(points, { x: 30, y: -50, z: 140 })],
  ['mirrored (a left hand)', mirrorHand(points)],
];

describe('finger measures on the model hand (worked values)', () => {
  test('fingerReach: tip-to-wrist over knuckle-to-wrist', () => {
    // Straight index: tip at (-35, -95 - 85, 0); |tip| = sqrt(35^2 + 180^2) = 183.371, |knuckle| = sqrt(35^2 + 95^2) = 101.242.
    assertClose(fingerReach(open, FINGER_CHAINS.index), 183.371 / 101.242, 1e-4);
    // Folded middle (80, 90, 90 degrees): bones 45, 28, 22 end at y = -100 - 45 cos 80 - 28 cos 170 - 22 cos 260 = -100 - 7.814 + 27.575 + 3.820,
    // z = 45 sin 80 + 28 sin 170 + 22 sin 260 = 44.316 + 4.862 - 21.666; reach = sqrt(76.419^2 + 27.512^2) / 100 = 0.8122.
    assertClose(fingerReach(fist, FINGER_CHAINS.middle), 0.8122, 1e-4);
  });

  test('fingerCurl: the turns at the two outer joints', () => {
    assertClose(fingerCurl(open, FINGER_CHAINS.ring), 0, 1e-9);
    assertClose(fingerCurl(fist, FINGER_CHAINS.ring), 180, 1e-9);
  });

  test('palmFrame: up the palm, across towards the index, out of the palm', () => {
    const frame = palmFrame(open);
    // Index knuckle (-35, -95), pinky knuckle (55, -80): width sqrt(90^2 + 15^2) = 91.241, centre (10, -87.5).
    assertClose(frame.width, 91.241, 1e-3);
    assertClose(frame.origin.x, 10);
    assertClose(frame.origin.y, -87.5);
    assertClose(frame.up.y, -1);
    assertClose(frame.across.x, -1);
    // up x across = (0,-1,0) x (-1,0,0) = (0, 0, -1).
    assertClose(frame.normal.z, -1);
  });

  test('thumbSpread: the thumb tip across the palm in palm widths', () => {
    // Out: tip = (-25, -20) + 90 (-0.7071, -0.7071) = (-88.64, -83.64); (10 - -88.64) / 91.241 = 1.0811.
    assertClose(thumbSpread(open), 1.0811, 1e-4);
    // Folded: tip at x = 20, 10 px towards the pinky side of the centre line: -10 / 91.241 = -0.1096.
    assertClose(thumbSpread(fist), -0.1096, 1e-4);
  });

  test('handSize, pinchDistance and indexMiddleGap in palm lengths', () => {
    assertClose(handSize(open), 100);
    // Thumb tip (-88.64, -83.64, 5) to index tip (-35, -180, 0): sqrt(53.64^2 + 96.36^2 + 5^2) = 110.40 -> capped at 1.
    assertClose(pinchDistance(open), 1);
    // Folded: the index (bones 40, 25, 20 at 80, 170, 260 degrees) ends at y = -95 - 6.946 + 24.620 + 3.473 = -73.853,
    // z = 39.392 + 4.341 - 19.696 = 24.037; thumb tip (20, -65, 30): sqrt(55^2 + 8.853^2 + 5.963^2) / 100 = 0.56026.
    assertClose(pinchDistance(fist), 0.56026, 1e-4);
    // Tips (-35, -180) and (0, -195): sqrt(35^2 + 15^2) / 100 = 0.3808.
    assertClose(indexMiddleGap(open), 0.3808, 1e-4);
  });

  test('thumbImageDirection: degrees counter-clockwise from image right, up positive', () => {
    // The open thumb points up and to the left at 45 degrees: 135.
    assertClose(thumbImageDirection(open), 135, 1e-9);
    assertClose(thumbImageDirection(transformHand(open, { z: 180 })), -45, 1e-9);
  });
});

describe('finger measures do not depend on how the hand is turned or which hand it is', () => {
  for (const [name, hand] of [['open hand', open], ['fist', fist]] as const) {
    test(`${name}`, () => {
      const [, reference] = poses(hand)[0]!;
      const measures = (points: Vector3[]) => [
        ...(['index', 'middle', 'ring', 'pinky'] as const).flatMap((finger) => [fingerReach(points, FINGER_CHAINS[finger]), fingerCurl(points, FINGER_CHAINS[finger])]),
        thumbSpread(points),
        handSize(points),
        pinchDistance(points),
        indexMiddleGap(points),
      ];
      const expected = measures(reference);
      // Angles of straight fingers come from acos near 1, good to about 1e-5 degrees.
      for (const [pose, points] of poses(hand)) measures(points).forEach((value, index) => assertClose(value, expected[index]!, 1e-5, `${pose}, measure ${index}`));
    });
  }
});
