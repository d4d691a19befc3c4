import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RateLimit } from './rate-limit.js';
import { RepeatFilter } from './repeat-filter.js';
import { isVolumeChange, volumeFromFingers, volumeFromPinch } from './volume-mapping.js';

describe('RateLimit', () => {
  test('allows one action per interval of frame time', () => {
    const limit = new RateLimit(300);
    assert.deepEqual([0, 100, 299, 300, 450, 601].map((t) => limit.take(t)), [true, false, false, true, false, true]);
  });

  test('time going back (a new stream) starts afresh', () => {
    const limit = new RateLimit(300);
    assert.equal(limit.take(10_000), true);
    assert.equal(limit.take(0), true);
    assert.equal(limit.take(100), false);
  });
});

describe('RepeatFilter', () => {
  test('the same failure is admitted again only after the quiet time; another failure at once', () => {
    const filter = new RepeatFilter(5000);
    assert.deepEqual(
      [['no server', 0], ['no server', 33], ['no server', 4999], ['other', 5000], ['no server', 5033], ['no server', 9000]].map(([message, at]) =>
        filter.admit(message as string, at as number),
      ),
      [true, false, false, true, true, false],
    );
  });
});

describe('volume mapping', () => {
  test('pinch distance: closed is 0%, open is 100%, linear between, clamped', () => {
    const range = [0.15, 0.9] as const;
    assert.deepEqual([0, 0.15, 0.525, 0.9, 1.4].map((d) => volumeFromPinch(d, range)), [0, 0, 50, 100, 100]);
  });

  test('finger count: 20% a finger, at most 100%', () => {
    assert.deepEqual([0, 1, 3, 5, 7].map(volumeFromFingers), [0, 20, 60, 100, 100]);
  });

  test('small changes are not made, except reaching 0% or 100%', () => {
    assert.equal(isVolumeChange(50, undefined, 2), true);
    assert.equal(isVolumeChange(51, 50, 2), false);
    assert.equal(isVolumeChange(52, 50, 2), true);
    assert.equal(isVolumeChange(100, 99, 2), true);
    assert.equal(isVolumeChange(100, 100, 2), false);
    assert.equal(isVolumeChange(0, 1, 2), true);
  });
});
