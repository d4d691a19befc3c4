import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { CLOSE_AFTER_DROPPED, ClientRateLimit, MESSAGE_BURST } from './client-rate-limit.js';

/** A clock the test moves. */
function manualClock() {
  const clock = { ms: 0, now: () => clock.ms };
  return clock;
}

describe("a WebSocket client's rate limit", () => {
  it('never limits a browser camera sending 30 frames of 100 KB a second, with its subscriptions', () => {
    const clock = manualClock();
    const limit = new ClientRateLimit(clock.now);
    for (let frame = 0; frame < 30 * 60; frame += 1) {
      clock.ms = (frame * 1000) / 30;
      assert.equal(limit.admit(100 * 1024), 'accept', `frame ${frame}`);
      if (frame % 30 === 0) assert.equal(limit.admit(60), 'accept');
    }
  });

  it('takes a burst, tells once it is over, drops the rest, and closes a client that keeps on', () => {
    const limit = new ClientRateLimit(manualClock().now);
    for (let message = 0; message < MESSAGE_BURST; message += 1) assert.equal(limit.admit(10), 'accept');
    assert.equal(limit.admit(10), 'limit');
    for (let message = 1; message < CLOSE_AFTER_DROPPED; message += 1) assert.equal(limit.admit(10), 'drop');
    assert.equal(limit.admit(10), 'close');
  });

  it('lets a client that slowed down back in, and tells it again if it goes over again', () => {
    const clock = manualClock();
    const limit = new ClientRateLimit(clock.now);
    for (let message = 0; message < MESSAGE_BURST; message += 1) limit.admit(10);
    assert.equal(limit.admit(10), 'limit');
    clock.ms += 5000;
    for (let message = 0; message < MESSAGE_BURST; message += 1) assert.equal(limit.admit(10), 'accept');
    assert.equal(limit.admit(10), 'limit');
  });

  it('limits bytes as well as messages', () => {
    const limit = new ClientRateLimit(manualClock().now);
    const twoMiB = 2 * 1024 * 1024;
    for (let message = 0; message < 10; message += 1) assert.equal(limit.admit(twoMiB), 'accept');
    assert.equal(limit.admit(twoMiB), 'limit');
  });
});
