import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { KV } from '@nats-io/kv';

import { StreamLease } from './stream-lease.js';

const LEASE_MS = 5000;
/** The hold ends this long after it was taken: the lease less the safety margin. */
const HELD_MS = 4500;

/** A bucket that lets every lease be taken and renewed, until `expired` (the server let the lease go). */
function bucketOf(state = { expired: false }): KV {
  const update = async (): Promise<number> => {
    if (state.expired) throw new Error('wrong last sequence: 1');
    return 2;
  };
  return { create: async () => 1, update, delete: async () => 0 } as unknown as KV;
}

/** Two clocks a test moves by hand: the monotonic one and the wall clock, from a wall time of 1 000 000 ms. */
function handClocks() {
  const now = { monotonic: 0, wall: 1_000_000 };
  return { now, clocks: { monotonic: () => now.monotonic, wall: () => now.wall } };
}

async function claim(clocks: ReturnType<typeof handClocks>['clocks'], bucket = bucketOf()): Promise<StreamLease> {
  const lease = await StreamLease.claim(bucket, 's-1', 'w1', LEASE_MS, clocks);
  assert.ok(lease);
  return lease;
}

describe('a stream lease', () => {
  it('is held until the lease less its margin has passed on both clocks', async () => {
    const { now, clocks } = handClocks();
    const lease = await claim(clocks);
    now.monotonic += HELD_MS - 1;
    now.wall += HELD_MS - 1;
    assert.equal(lease.held(), true);
  });

  it('ends by the monotonic clock, whatever the wall clock says (a wall clock set back)', async () => {
    const { now, clocks } = handClocks();
    const lease = await claim(clocks);
    now.monotonic += HELD_MS;
    now.wall -= 3_600_000;
    assert.equal(lease.held(), false);
  });

  it('ends by the wall clock after a system suspend, which the monotonic clock does not count', async () => {
    const { now, clocks } = handClocks();
    const server = { expired: false };
    let lost = 0;
    const lease = await claim(clocks, bucketOf(server));
    lease.keep(() => (lost += 1));
    try {
      // Suspended for a minute: the monotonic clock moved on by a few ms only, and the server let the lease go.
      now.monotonic += 10;
      now.wall += 60_000;
      server.expired = true;
      assert.equal(lease.held(), false, 'not held from the moment the wall clock says so');
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(lease.held(), false);
      assert.equal(lost, 1, 'its holder is told once, when the renewal fails');
    } finally {
      await lease.release();
    }
  });

  it('is only paused by a wall clock set forward, while the server still holds it: a renewal confirms it', async () => {
    const { now, clocks } = handClocks();
    let lost = 0;
    const lease = await claim(clocks);
    lease.keep(() => (lost += 1));
    try {
      now.monotonic += 10;
      now.wall += 60_000;
      assert.equal(lease.held(), false, 'in doubt: nothing is published until the renewal answers');
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(lease.held(), true);
      assert.equal(lost, 0);
    } finally {
      await lease.release();
    }
  });
});
