import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SwipeDetector, type SwipeOptions } from './swipe-detector.js';

const OPTIONS: SwipeOptions = { windowMs: 500, minDistance: 2, dominance: 2, cooldownMs: 600, mirrored: false };

/** Moves a palm of size 50 px by (dx, dy) px per frame at 20 fps and lists the swipes as `swipe_left@150`. */
function swipes(steps: [number, number][], options = OPTIONS, start = { x: 300, y: 300 }): string[] {
  const detector = new SwipeDetector(options);
  let at = start;
  return steps.flatMap(([dx, dy], frame) => {
    at = { x: at.x + dx, y: at.y + dy };
    const swipe = detector.update(frame * 50, at, 50);
    return swipe ? [`${swipe.gesture}@${frame * 50}`] : [];
  });
}

const repeat = (step: [number, number], frames: number): [number, number][] => Array.from({ length: frames }, () => step);

test('a fast move across the image is one swipe, in the user\'s direction', () => {
  // 40 px a frame = 0.8 palm lengths: 2 palm lengths after 2.5 frames, reported at the fourth sample (150 ms).
  // Unmirrored camera: a hand moving to image right moves to the user's left.
  assert.deepEqual(swipes(repeat([40, 0], 8)), ['swipe_left@150']);
  assert.deepEqual(swipes(repeat([-40, 0], 8)), ['swipe_right@150']);
  assert.deepEqual(swipes(repeat([40, 0], 8), { ...OPTIONS, mirrored: true }), ['swipe_right@150']);
  assert.deepEqual(swipes(repeat([0, -40], 8)), ['swipe_up@150']);
  assert.deepEqual(swipes(repeat([0, 40], 8)), ['swipe_down@150']);
});

test('velocity and distance in palm lengths', () => {
  const detector = new SwipeDetector(OPTIONS);
  detector.update(0, { x: 0, y: 0 }, 50);
  // 150 px = 3 palm lengths in 100 ms: 30 palm lengths per second.
  assert.deepEqual(detector.update(100, { x: 150, y: 0 }, 50), { gesture: 'swipe_left', velocity: 30, distance: 3 });
});

test('slow drift, small jitter and diagonal moves are no swipe', () => {
  // 5 px a frame: 0.5 palm lengths in the 500 ms window.
  assert.deepEqual(swipes(repeat([5, 0], 40)), []);
  assert.deepEqual(swipes(Array.from({ length: 40 }, (_, frame) => [frame % 2 ? 20 : -20, 0] as [number, number])), []);
  assert.deepEqual(swipes(repeat([40, 30], 8)), [], 'across by 40, down by 30: neither dominates twice over');
});

test('one long move is one swipe; the next move counts once the hand has slowed and the cooldown is over', () => {
  const long = repeat([40, 0], 30);
  assert.deepEqual(swipes(long), ['swipe_left@150']);
  // The hand stops at 1500 ms and moves back from 1550 ms: 2 palm lengths by 1650 ms.
  assert.deepEqual(swipes([...long, ...repeat([0, 0], 1), ...repeat([-40, 0], 8)]), ['swipe_left@150', 'swipe_right@1650']);
  // Straight back without a pause: still resting when the cooldown ends (750 ms), and the move is over by then.
  assert.deepEqual(swipes([...repeat([40, 0], 4), ...repeat([-40, 0], 8)]), ['swipe_left@150']);
});
