import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GestureDebouncer, type DebounceOptions } from './gesture-debouncer.js';

const OPTIONS: DebounceOptions = { minHoldFrames: 3, minHoldMs: 60, startConfidence: 0.6, holdConfidence: 0.5, releaseFrames: 2 };
const seen = (key: string) => ({ key, value: key });

/** Feeds one key (or nothing) per frame at 30 fps and lists the transitions as `started fist@66`. */
function run(frames: (string | undefined)[], confidence = 0.9, options = OPTIONS): string[] {
  const debouncer = new GestureDebouncer<string>(options);
  return frames.flatMap((key, frame) =>
    debouncer.update(key === undefined ? undefined : seen(key), confidence, Math.round((frame * 100) / 3)).map((t) => `${t.kind} ${t.value}@${t.timestampMs}`),
  );
}

test('a gesture starts once held for the frames and the time asked, and ends after the release frames', () => {
  // Frames at 0, 33, 67, 100 ms: the third sighting (67 ms) is three frames but 67 >= 60 ms too.
  assert.deepEqual(run(['fist', 'fist', 'fist', 'fist', undefined, undefined, undefined]), ['started fist@67', 'ended fist@167']);
});

test('a one- or two-frame flicker neither starts a gesture nor ends one', () => {
  assert.deepEqual(run(['fist', 'fist', undefined, 'fist', 'fist', undefined]), []);
  assert.deepEqual(run(['fist', 'fist', 'fist', 'palm', 'fist', 'fist']), ['started fist@67']);
});

test('the hold time counts as well as the frames', () => {
  const options = { ...OPTIONS, minHoldFrames: 1, minHoldMs: 100 };
  assert.deepEqual(run(['fist', 'fist', 'fist', 'fist'], 0.9, options), ['started fist@100']);
});

test('confidence hysteresis: starting needs startConfidence, staying only holdConfidence', () => {
  assert.deepEqual(run(['fist', 'fist', 'fist', 'fist'], 0.55), [], 'never confident enough to start');
  const debouncer = new GestureDebouncer<string>(OPTIONS);
  const events = [0.9, 0.9, 0.9, 0.55, 0.55, 0.4, 0.4].flatMap((confidence, frame) => debouncer.update(seen('fist'), confidence, frame * 40).map((t) => t.kind));
  assert.deepEqual(events, ['started', 'ended'], 'held at 0.55, released after two frames under 0.5');
});

test('a change of gesture ends the old one and starts the new one once it has held', () => {
  assert.deepEqual(run(['fist', 'fist', 'fist', 'palm', 'palm', 'palm', 'palm']), ['started fist@67', 'ended fist@133', 'started palm@167']);
});

test('flush ends what is under way and reports how long it was held since first seen', () => {
  const debouncer = new GestureDebouncer<string>(OPTIONS);
  for (let frame = 0; frame < 4; frame++) debouncer.update(seen('fist'), 0.9, frame * 50);
  assert.equal(debouncer.current, 'fist');
  assert.deepEqual(debouncer.flush(500), [{ kind: 'ended', value: 'fist', timestampMs: 500, heldMs: 500 }]);
  assert.equal(debouncer.current, undefined);
  assert.deepEqual(debouncer.flush(600), []);
});
