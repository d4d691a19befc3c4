import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SwipeDetector, type SwipeOptions } from './swipe-detector.js';

const OPTIONS: SwipeOptions = { windowMs: 700, minDistance: 2.5, dominance: 2, cooldownMs: 600, restSpeed: 2, maxDetour: 1.5, maxStepSpeed: 60, mirrored: false };

type Step = [dx: number, dy: number] | [dx: number, dy: number, inZone: boolean];

/**
 * Moves a palm of 50 px by (dx, dy) px per frame at 20 fps, from a rest of `restFrames` frames, and lists the
 * swipes as `swipe_left@300` (the frame time they are reported).
 */
function swipes(steps: readonly Step[], options = OPTIONS, restFrames = 3): string[] {
  const detector = new SwipeDetector(options);
  let at = { x: 300, y: 300 };
  const path: Step[] = [...Array.from({ length: restFrames }, (): Step => [0, 0]), ...steps];
  return path.flatMap(([dx, dy, inZone = true], frame) => {
    at = { x: at.x + dx, y: at.y + dy };
    const swipe = detector.update({ timestampMs: frame * 50, centre: at, handSize: 50, inZone });
    return swipe ? [`${swipe.gesture}@${frame * 50}`] : [];
  });
}

const repeat = (step: Step, frames: number): Step[] => Array.from({ length: frames }, () => step);
const still = (frames: number): Step[] => repeat([0, 0], frames);

test('a move from rest across the image, ending at rest, is one swipe in the user\'s direction, reported as the hand stops', () => {
  // After 3 frames at rest, 40 px a frame = 0.8 palm lengths: 3.2 palm lengths after four frames; the hand
  // stops at frame 7 (350 ms).
  // Unmirrored camera: a hand moving to image right moves to the user's left.
  assert.deepEqual(swipes([...repeat([40, 0], 4), ...still(3)]), ['swipe_left@350']);
  assert.deepEqual(swipes([...repeat([-40, 0], 4), ...still(3)]), ['swipe_right@350']);
  assert.deepEqual(swipes([...repeat([40, 0], 4), ...still(3)], { ...OPTIONS, mirrored: true }), ['swipe_right@350']);
  assert.deepEqual(swipes([...repeat([0, -40], 4), ...still(3)]), ['swipe_up@350']);
  assert.deepEqual(swipes([...repeat([0, 40], 4), ...still(3)]), ['swipe_down@350']);
});

test('velocity, distance and start in palm lengths', () => {
  const detector = new SwipeDetector(OPTIONS);
  const at = (timestampMs: number, x: number) => detector.update({ timestampMs, centre: { x, y: 0 }, handSize: 50, inZone: true });
  at(0, 0);
  // 150 px = 3 palm lengths in 100 ms: 30 palm lengths per second; reported once the palm has stopped.
  assert.equal(at(100, 150), undefined);
  assert.deepEqual(at(150, 150), { gesture: 'swipe_left', velocity: 30, distance: 3, startedMs: 0 });
});

test('slow drift, small jitter, diagonal and short moves are no swipe', () => {
  // 5 px a frame: 0.7 palm lengths in the 700 ms window.
  assert.deepEqual(swipes(repeat([5, 0], 40)), []);
  assert.deepEqual(swipes(Array.from({ length: 40 }, (_, frame): Step => [frame % 2 ? 20 : -20, 0])), []);
  assert.deepEqual(swipes([...repeat([40, 30], 5), ...still(3)]), [], 'across by 40, down by 30: neither dominates twice over');
  assert.deepEqual(swipes([...repeat([40, 0], 3), ...still(3)]), [], '2.4 palm lengths: short of 2.5');
});

test('a hand dropping out of the interaction zone, or not slowing down within the window, is lowered, not swiped', () => {
  assert.deepEqual(swipes([...repeat([0, 40], 5), [0, 40, false], ...still(3)]), []);
  assert.deepEqual(swipes(repeat([0, 40], 40)), []);
});

test('a swipe starts from rest in the zone: not from a hand still outside it, nor from where the tracker jumped to', () => {
  // Coming up into the zone from below its bottom: the origin is outside, and no rest follows before the move.
  assert.deepEqual(swipes([[0, 0, false], ...repeat([0, -40, true], 4), ...still(3)], OPTIONS, 0).slice(1), []);
  // A jump of 200 px in 50 ms (80 palm lengths a second) is the tracker switching hands: the path restarts there.
  assert.deepEqual(swipes([[200, 0], ...repeat([40, 0], 4), ...still(3)]), []);
  // After the jump, a rest makes the next move a swipe.
  assert.deepEqual(swipes([[200, 0], ...still(2), ...repeat([40, 0], 4), ...still(3)]), ['swipe_left@500']);
});

test('a path that wanders (a circle, a zigzag) is no swipe even when it ends far from where it began', () => {
  // 4.8 palm lengths across, but a path of 8.7: more than 1.5 times longer than the line it covers.
  const zigzag: Step[] = [[40, 60], [40, -60], [40, 60], [40, -60], [40, 60], [40, -60]];
  assert.deepEqual(swipes([...zigzag, ...still(3)]), []);
});

test('one long move is one swipe; the next counts once the hand has rested and the cooldown is over', () => {
  const across: Step[] = [...repeat([40, 0], 6), ...still(14)];
  assert.deepEqual(swipes([...across, ...repeat([-40, 0], 6), ...still(3)]), ['swipe_left@450', 'swipe_right@1450']);
  // Straight back without a pause: the hand never rests after the first, so the way back is no swipe.
  assert.deepEqual(swipes([...repeat([40, 0], 6), ...repeat([-40, 0], 6), ...still(3)]), []);
});
