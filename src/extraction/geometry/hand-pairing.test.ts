import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pairHands, type HandExtent } from './hand-pairing.js';

const extent = (x: number, y: number, width: number, height: number, palmSize: number): HandExtent => ({ box: { x, y, width, height }, palmSize });

/** A hand 200 px square with a 100 px palm. */
const hand = extent(100, 100, 200, 200, 100);
/** A fingertip of it read as a hand: wholly inside, a 25 px palm. */
const fingertip = extent(120, 110, 30, 50, 25);

test('a reading overlapping a kept hand by more than half is the same hand', () => {
  assert.equal(pairHands(hand, extent(110, 105, 200, 200, 100)), 'same-hand');
});

test('a fingertip read as a hand is part of the hand, whichever of the two was found first', () => {
  assert.equal(pairHands(hand, fingertip), 'part-of-kept');
  assert.equal(pairHands(fingertip, hand), 'kept-is-part');
});

test('a far smaller palm touching a hand is part of it; a hand of similar size touching it is a hand of its own', () => {
  assert.equal(pairHands(hand, extent(280, 150, 60, 60, 40)), 'part-of-kept');
  assert.equal(pairHands(extent(280, 150, 60, 60, 40), hand), 'kept-is-part');
  assert.equal(pairHands(hand, extent(280, 120, 200, 200, 90)), 'separate');
});

test('hands apart are separate', () => {
  assert.equal(pairHands(hand, extent(400, 100, 200, 200, 100)), 'separate');
  assert.equal(pairHands(hand, extent(400, 100, 20, 20, 10)), 'separate');
});
