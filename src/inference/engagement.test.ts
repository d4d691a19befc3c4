import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Engagement, type EngagementHand, type EngagementOptions } from './engagement.js';

const OPTIONS: EngagementOptions = { holdMs: 700, maxSpeed: 0.5, lostMs: 2000, idleMs: 20_000 };

const palm = (x = 300, openPalmTowardsCamera = true): EngagementHand => ({ openPalmTowardsCamera, centre: { x, y: 300 }, handSize: 100 });

/** Frames every 100 ms from `fromMs`: the changes, as `engaged@700`. */
function changes(engagement: Engagement, frames: readonly (readonly EngagementHand[])[], fromMs = 0, active = false): string[] {
  return frames.flatMap((hands, index) => {
    const change = engagement.update(fromMs + index * 100, hands, active);
    return change === undefined ? [] : [`${change}@${fromMs + index * 100}`];
  });
}

const repeat = <T>(value: T, times: number): T[] => Array.from({ length: times }, () => value);

test('an open palm held still towards the camera for holdMs engages', () => {
  assert.deepEqual(changes(new Engagement(OPTIONS), repeat([palm()], 10)), ['engaged@700']);
});

test('a palm moving, turned away, or let go before holdMs does not engage', () => {
  assert.deepEqual(changes(new Engagement(OPTIONS), Array.from({ length: 10 }, (_, frame) => [palm(300 + 20 * frame)])), [], '2 palm lengths a second');
  assert.deepEqual(changes(new Engagement(OPTIONS), repeat([palm(300, false)], 10)), [], 'not an open palm towards the camera');
  const interrupted = [...repeat([palm()], 5), [palm(300, false)], ...repeat([palm()], 5)];
  assert.deepEqual(changes(new Engagement(OPTIONS), interrupted), [], 'the hold starts again after the pose is lost');
});

test('engagement ends with no hand for lostMs, or no gesture acted on for idleMs; gestures keep it', () => {
  const lost = new Engagement(OPTIONS);
  changes(lost, repeat([palm()], 8));
  assert.deepEqual(changes(lost, repeat([], 25), 800), ['disengaged@2700']);

  const idle = new Engagement(OPTIONS);
  changes(idle, repeat([palm()], 8));
  assert.deepEqual(changes(idle, repeat([palm(300, false)], 200), 800), ['disengaged@20700']);

  const busy = new Engagement(OPTIONS);
  changes(busy, repeat([palm()], 8));
  assert.deepEqual(changes(busy, repeat([palm(300, false)], 300), 800, true), [], 'a gesture acted on every frame');
  assert.equal(busy.engaged, true);
});

test('time going back (a new stream) disengages', () => {
  const engagement = new Engagement(OPTIONS);
  changes(engagement, repeat([palm()], 8));
  assert.equal(engagement.engaged, true);
  assert.equal(engagement.update(0, [palm()], false), 'disengaged');
});
