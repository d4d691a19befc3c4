import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { KV } from '@nats-io/kv';

import { StreamLease } from './stream-lease.js';

const LEASE_MS = 5000;
/** The hold ends this long after it was taken: the lease less the safety margin. */
const HELD_MS = 4500;

/** A bucket that lets every lease be taken: the clocks alone decide here. */
const bucket = { create: async () => 1, update: async () => 2, delete: async () => 0 } as unknown as KV;

/** Two clocks a test moves by hand: the monotonic one and the wall clock, from a wall time of 1 000 000 ms. */
function handClocks() {
  const now = { monotonic: 0, wall: 1_000_000 };
  return { now, clocks: { monotonic: () => now.monotonic, wall: () => now.wall } };
}

async function claim(clocks: ReturnType<typeof handClocks>['clocks']): Promise<StreamLease> {
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
    let lost = 0;
    const lease = await claim(clocks);
    lease.keep(() => (lost += 1));
    try {
      // Suspended for a minute: the monotonic clock moved on by a few ms only.
      now.monotonic += 10;
      now.wall += 60_000;
      assert.equal(lease.held(), false);
      assert.equal(lost, 1, 'its holder is told once');
    } finally {
      await lease.release();
    }
  });
});
