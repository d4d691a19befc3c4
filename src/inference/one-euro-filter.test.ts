import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertClose } from '../testing/assert-close.js';
import { OneEuroFilter, smoothingFactor } from './one-euro-filter.js';

test('smoothingFactor is 1 / (1 + tau / dt) with tau = 1 / (2 pi f)', () => {
  // 1 Hz over 1/30 s: tau = 0.159155, alpha = 1 / (1 + 4.774648) = 0.173171.
  assertClose(smoothingFactor(1, 1 / 30), 0.173171, 1e-6);
});

test('the first value passes through; a still value stays put', () => {
  const filter = new OneEuroFilter({ minCutoff: 1, beta: 0, derivativeCutoff: 1 });
  assert.equal(filter.apply(10, 0), 10);
  for (let frame = 1; frame <= 10; frame++) assert.equal(filter.apply(10, frame * 33), 10);
});

test('with beta 0 it is a plain low-pass filter at minCutoff (worked step)', () => {
  const filter = new OneEuroFilter({ minCutoff: 1, beta: 0, derivativeCutoff: 1 });
  filter.apply(0, 0);
  // A step to 1 after 1/30 s moves the output by alpha(1 Hz, 1/30 s) = 0.173171.
  assertClose(filter.apply(1, 1000 / 30), 0.173171, 1e-6);
});

test('beta makes it follow fast movement with less lag', () => {
  const steady = new OneEuroFilter({ minCutoff: 1, beta: 0, derivativeCutoff: 1 });
  const responsive = new OneEuroFilter({ minCutoff: 1, beta: 1, derivativeCutoff: 1 });
  let lagSteady = 0;
  let lagResponsive = 0;
  // A ramp of 300 units per second sampled at 30 fps.
  for (let frame = 0; frame <= 30; frame++) {
    const time = (frame * 1000) / 30;
    lagSteady = frame * 10 - steady.apply(frame * 10, time);
    lagResponsive = frame * 10 - responsive.apply(frame * 10, time);
  }
  assert.ok(lagResponsive < lagSteady / 5, `lag ${lagResponsive} with beta against ${lagSteady} without`);
});

test('time going back restarts the filter; time comes from the caller, so the result is the same however fast it runs', () => {
  const filter = new OneEuroFilter({ minCutoff: 1, beta: 0.5, derivativeCutoff: 1 });
  const run = () => [0, 5, 3, 8].map((value, frame) => filter.apply(value, frame * 40));
  const first = run();
  assert.deepEqual(run(), first);
});
