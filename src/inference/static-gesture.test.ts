import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fingerStates } from './finger-states.js';
import { HandLandmark } from './geometry/hand-landmark-index.js';
import type { Vector3 } from './geometry/vector3.js';
import { recognizeStaticGesture } from './static-gesture.js';
import { aslReferenceHand } from './testing/reference-landmarks.js';
import { mirrorHand, syntheticHand, transformHand } from './testing/synthetic-hand.js';

const gestureOf = (points: Vector3[]) => recognizeStaticGesture(points, fingerStates(points)).gesture;
const hand = (fingers: string) => syntheticHand({ extended: [...fingers].map((bit) => bit === '1') });

test('each static gesture on the model hand', () => {
  assert.equal(gestureOf(hand('00000')), 'fist');
  assert.equal(gestureOf(hand('11111')), 'open_palm');
  assert.equal(gestureOf(hand('01000')), 'pointing');
  // Index and middle tips 0.38 palm lengths apart: a V.
  assert.equal(gestureOf(hand('01100')), 'victory');
  // The model thumb points 45 degrees off straight up: thumbs up; the hand upside down: thumbs down.
  assert.equal(gestureOf(hand('10000')), 'thumbs_up');
  assert.equal(gestureOf(transformHand(hand('10000'), { z: 180 })), 'thumbs_down');
  // Turned so that the thumb points sideways: neither.
  assert.equal(gestureOf(transformHand(hand('10000'), { z: -45 })), 'none');
  assert.equal(gestureOf(hand('01110')), 'none');
});

test('ok: the thumb tip on the index tip, the other three fingers out', () => {
  const points = hand('01111');
  points[HandLandmark.THUMB_TIP] = { ...points[HandLandmark.INDEX_TIP]!, x: points[HandLandmark.INDEX_TIP]!.x - 5 };
  assert.equal(gestureOf(points), 'ok');
});

test('open palm needs the thumb off the palm; victory needs the two fingers apart', () => {
  // Four fingers out with the thumb folded across the palm is a "four", not an open palm.
  assert.equal(gestureOf(hand('01111')), 'none');
  const together = hand('01100');
  together[HandLandmark.MIDDLE_TIP] = { ...together[HandLandmark.INDEX_TIP]!, x: together[HandLandmark.INDEX_TIP]!.x + 15 };
  assert.equal(gestureOf(together), 'none');
});

test('the same gestures on a left hand, and with the palm turned away', () => {
  for (const transform of [mirrorHand, (points: Vector3[]) => transformHand(points, { y: 180 })]) {
    assert.equal(gestureOf(transform(hand('00000'))), 'fist');
    assert.equal(gestureOf(transform(hand('11111'))), 'open_palm');
    assert.equal(gestureOf(transform(hand('01100'))), 'victory');
    assert.equal(gestureOf(transform(hand('10000'))), 'thumbs_up');
  }
});

test("real landmarks: the ASL reference's index up is pointing, its fists are fists", () => {
  assert.equal(gestureOf(aslReferenceHand(160)), 'pointing');
  assert.equal(gestureOf(aslReferenceHand(280)), 'fist');
});
