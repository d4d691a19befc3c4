import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DeliberatePinch, type PinchOptions, type PinchSample } from './deliberate-pinch.js';

const OPTIONS: PinchOptions = { start: 0.2, release: 0.3, formMs: 600, stillMs: 200, maxSpeed: 1.5, minHandGap: 1 };
const OPEN = [true, true, true];

/** A hand of 100 px at 30 fps: each frame's tip distance, other fingers, palm x and nearest other hand. */
function pinching(frames: readonly Partial<PinchSample>[], options = OPTIONS): boolean[] {
  const pinch = new DeliberatePinch(options);
  return frames.map((frame, index) =>
    pinch.update({ timestampMs: index * 33, distance: 0.5, otherFingers: OPEN, centre: { x: 300, y: 300 }, handSize: 100, otherHandGap: Infinity, ...frame }),
  );
}

const apart = (frames: number): Partial<PinchSample>[] => Array.from({ length: frames }, () => ({ distance: 0.5 }));
const tips = (...distances: number[]): Partial<PinchSample>[] => distances.map((distance) => ({ distance }));

test('tips closing on a steady hand pinch under start, and hold until they part beyond release', () => {
  assert.deepEqual(pinching([...apart(8), ...tips(0.25, 0.15, 0.25, 0.3, 0.31, 0.25, 0.15)]), [
    ...Array(8).fill(false), false, true, true, true, false, false, true,
  ]);
});

test('a hand arriving pinched, or held closed for long, is no pinch until its tips part and close again', () => {
  assert.deepEqual(pinching(tips(0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1)), Array(8).fill(false));
  // Apart, then closed for more than formMs (20 frames = 660 ms) after a slow approach: too late to count.
  const slow = [...apart(8), ...tips(...Array(20).fill(0.25)), 0.1].flatMap((frame) => (typeof frame === 'number' ? tips(frame) : [frame]));
  assert.equal(pinching(slow).at(-1), false);
});

test('a hand closing into a fist, a moving hand, a hand just arrived, or another hand at the tips is no pinch', () => {
  const closing = [...apart(8), { distance: 0.25, otherFingers: [false, true, true] }, { distance: 0.1, otherFingers: [false, false, false] }];
  assert.equal(pinching(closing).at(-1), false, 'the other fingers folding as the tips meet');
  // 10 px a frame on a 100 px hand at 30 fps: 3 palm lengths a second, twice the steady limit.
  const moving = [...apart(8), ...tips(0.25, 0.15)].map((frame, index) => ({ ...frame, centre: { x: 300 + 10 * index, y: 300 } }));
  assert.equal(pinching(moving).at(-1), false, 'a moving hand');
  assert.equal(pinching([...apart(2), ...tips(0.15)]).at(-1), false, 'seen for 66 ms only');
  assert.equal(pinching([...apart(8), { distance: 0.15, otherHandGap: 0.5 }]).at(-1), false, 'hands touching');
  assert.equal(pinching([...apart(8), { distance: 0.15, otherHandGap: 1.5 }]).at(-1), true, 'the other hand clear');
});
