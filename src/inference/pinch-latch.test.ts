import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PinchLatch } from './pinch-latch.js';

test('a pinch starts under the start threshold and lasts until the distance passes the release threshold', () => {
  const latch = new PinchLatch({ start: 0.2, release: 0.3 });
  const distances = [0.5, 0.25, 0.19, 0.25, 0.29, 0.3, 0.31, 0.25, 0.21, 0.2, 0.1];
  assert.deepEqual(
    distances.map((distance) => latch.update(distance)),
    [false, false, true, true, true, true, false, false, false, false, true],
  );
});
