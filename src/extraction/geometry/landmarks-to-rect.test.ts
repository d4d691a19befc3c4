import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HAND_LANDMARKS_RECT_TRANSFORM, handLandmarksToRect } from './landmarks-to-rect.js';
import type { Point } from './types.js';
import { assertRectClose } from '../../testing/assert-close.js';

/** 21 landmarks from a sparse map; the ones outside the rect subset are put far away to prove they are ignored. */
const hand = (points: Record<number, Point>): Point[] =>
  Array.from({ length: 21 }, (_, i) => points[i] ?? { x: 5000, y: -5000 });

// An upright hand in pixels. Knuckle mean: x = ((80 + 120)/2 + 100)/2 = 100, y = ((120 + 120)/2 + 110)/2 = 115,
// straight above the wrist (100, 200) -> rotation 0.
const UPRIGHT: Record<number, Point> = {
  0: { x: 100, y: 200 },
  1: { x: 70, y: 180 },
  2: { x: 60, y: 160 },
  3: { x: 55, y: 140 },
  5: { x: 80, y: 120 },
  6: { x: 80, y: 90 },
  9: { x: 100, y: 110 },
  10: { x: 100, y: 80 },
  13: { x: 120, y: 120 },
  14: { x: 120, y: 90 },
  17: { x: 140, y: 130 },
  18: { x: 145, y: 100 },
};

test('upright hand: subset extent, shifted up 10% of its height, squared, doubled', () => {
  // Subset x in [55, 145] (centre 100, width 90), y in [80, 200] (centre 140, height 120).
  // Shift (0, 120 * -0.1) = (0, -12) -> (100, 128). Long side 120 * 2 = 240.
  assertRectClose(handLandmarksToRect(hand(UPRIGHT)), {
    xCenter: 100,
    yCenter: 128,
    width: 240,
    height: 240,
    rotation: 0,
  });
});

test('the same hand turned 90 degrees clockwise gives the same rect turned with it', () => {
  // Turn every point by +pi/2 about the origin, (x, y) -> (-y, x), then move right 400: (400 - y, x).
  // The unshifted rect centre (100, 140) goes to (260, 100); the rect's "up" now points right, so the
  // -12 shift becomes +12 in x -> (272, 100).
  const turned: Record<number, Point> = {};
  for (const [i, p] of Object.entries(UPRIGHT)) turned[Number(i)] = { x: 400 - p.y, y: p.x };
  assertRectClose(handLandmarksToRect(hand(turned)), {
    xCenter: 272,
    yCenter: 100,
    width: 240,
    height: 240,
    rotation: Math.PI / 2,
  });
});

test('at 45 degrees the box comes from the extent in the rotated frame, not the axis-aligned one', () => {
  // Local (rect-frame) coordinates, wrist below the knuckles; knuckle mean x = ((-20 + 20)/2 + 0)/2 = 0,
  // y = ((-40 - 35)/2 - 45)/2 = -41.25, straight above the wrist (0, 60). Local extents: u in [-50, 45]
  // (width 95, mid -2.5), v in [-70, 60] (height 130, mid -5).
  const local: Record<number, Point> = {
    0: { x: 0, y: 60 },
    1: { x: -30, y: 40 },
    2: { x: -40, y: 20 },
    3: { x: -50, y: 0 },
    5: { x: -20, y: -40 },
    6: { x: -20, y: -60 },
    9: { x: 0, y: -45 },
    10: { x: 0, y: -70 },
    13: { x: 20, y: -35 },
    14: { x: 20, y: -60 },
    17: { x: 40, y: -20 },
    18: { x: 45, y: -50 },
  };
  // Place them at (300, 300) turned by pi/4: (u, v) -> ((u - v)/sqrt2, (u + v)/sqrt2).
  const s = Math.SQRT1_2;
  const image: Record<number, Point> = {};
  for (const [i, p] of Object.entries(local)) image[Number(i)] = { x: 300 + (p.x - p.y) * s, y: 300 + (p.x + p.y) * s };
  // Centre = (300, 300) + turn(mid (-2.5, -5)) + turn(shift (0, -13)) = (300, 300) + turn(-2.5, -18)
  //        = (300 + 15.5/sqrt2, 300 - 20.5/sqrt2). Long side 130 -> 260.
  assertRectClose(handLandmarksToRect(hand(image)), {
    xCenter: 300 + 15.5 * s,
    yCenter: 300 - 20.5 * s,
    width: 260,
    height: 260,
    rotation: Math.PI / 4,
  });
});

test('landmark transform constants match hand_landmark_landmarks_to_roi.pbtxt', () => {
  assert.deepEqual(HAND_LANDMARKS_RECT_TRANSFORM, { scaleX: 2, scaleY: 2, shiftX: 0, shiftY: -0.1, squareLong: true });
});

test('fewer than 21 landmarks are rejected', () => {
  assert.throws(() => handLandmarksToRect(hand(UPRIGHT).slice(0, 20)), RangeError);
});
