import type { KV } from '@nats-io/kv';

import { monotonicClock, wallClock, type Clock } from '../core/clock.js';

/**
 * Renewals are sent this many times a lease: a worker that misses one or two (a slow network, a busy event
 * loop) still holds its streams.
 */
const RENEWALS_PER_LEASE = 4;

/** Margin under the lease's length: the holder stops acting this long before anyone else may take the stream. */
const SAFETY_MS = 500;

/**
 * The clocks a lease is timed by, both: the monotonic one ignores the clock being set, but stops while the system
 * is suspended (the server's clock, which expires the lease, does not); the wall clock counts a suspend.
 */
export interface LeaseClocks {
  readonly monotonic: Clock;
  readonly wall: Clock;
}

const SYSTEM_CLOCKS: LeaseClocks = { monotonic: monotonicClock, wall: wallClock };

/** When a hold may end, by each clock. */
interface Deadline {
  readonly monotonic: number;
  readonly wall: number;
}

/**
 * One worker's hold on one stream: a key in a bucket whose entries the server expires `leaseMs` after they were
 * last written. Taking it is an atomic create, renewing it a compare-and-set on the revision, so two workers
 * never hold the same stream.
 *
 * The holder knows, by its own clocks, when its hold may have ended: `held()` turns false `leaseMs - SAFETY_MS`
 * after the last renewal was sent, by whichever of its monotonic and wall clocks says so first, whatever the
 * network, a stopped process or a suspended system did meanwhile, and before the server can have let anyone
 * else take it. (A wall clock set forward pauses a hold until a renewal confirms it: the safe side.) A worker
 * checks `held()` before every publish, so a worker that was frozen, suspended or cut off never publishes for a
 * stream it may have lost.
 */
export class StreamLease {
  private renewTimer: NodeJS.Timeout | undefined;
  private lostHandler: (() => void) | undefined;
  private lost = false;
  /** The renewal under way: one at a time, as each is a compare-and-set on the revision the one before set. */
  private renewing: Promise<void> | undefined;

  private constructor(
    private readonly bucket: KV,
    readonly stream: string,
    private readonly value: string,
    private revision: number,
    private validUntil: Deadline,
    private readonly leaseMs: number,
    private readonly clocks: LeaseClocks,
  ) {}

  /** Takes the stream's lease, or resolves undefined when another worker holds it (or NATS does not answer). */
  static async claim(bucket: KV, stream: string, worker: string, leaseMs: number, clocks: LeaseClocks = SYSTEM_CLOCKS): Promise<StreamLease | undefined> {
    const value = JSON.stringify({ worker, since: clocks.wall() });
    const deadline = deadlineFor(clocks, leaseMs);
    try {
      const revision = await bucket.create(stream, value);
      return new StreamLease(bucket, stream, value, revision, deadline, leaseMs, clocks);
    } catch {
      return undefined;
    }
  }

  /**
   * True while no other worker can have taken the stream. Past the monotonic deadline the hold is lost. Past the
   * wall clock's alone it is in doubt (a suspend, which the server counted, or a wall clock set forward, which
   * it did not): false until a renewal, tried at once, says whether the lease is still this worker's.
   */
  held(): boolean {
    if (this.lost) return false;
    if (this.clocks.monotonic() >= this.validUntil.monotonic) {
      this.markLost();
      return false;
    }
    if (this.clocks.wall() < this.validUntil.wall) return true;
    void this.renewOnce();
    return false;
  }

  /** Renews the lease until it is released, calling `onLost` once if it is lost (another holder, or time ran out). */
  keep(onLost: () => void): void {
    this.lostHandler = onLost;
    const interval = this.leaseMs / RENEWALS_PER_LEASE;
    this.renewTimer = setInterval(() => void this.renewOnce(), interval);
  }

  /** Gives the stream up, so another worker may take it at once (a stream that ended, or one this worker stops). */
  async release(): Promise<void> {
    const wasHeld = this.held();
    this.stopRenewing();
    if (!wasHeld) return;
    this.lost = true;
    await this.bucket.delete(this.stream, { previousSeq: this.revision }).catch(() => undefined);
  }

  private renewOnce(): Promise<void> {
    this.renewing ??= this.renew().finally(() => (this.renewing = undefined));
    return this.renewing;
  }

  private async renew(): Promise<void> {
    if (this.lost) return;
    if (this.clocks.monotonic() >= this.validUntil.monotonic) return this.markLost();
    const deadline = deadlineFor(this.clocks, this.leaseMs);
    try {
      this.revision = await this.bucket.update(this.stream, this.value, this.revision);
      if (!this.lost) this.validUntil = deadline;
    } catch (error) {
      // A revision that moved on means another worker holds it now; anything else (a timeout, a reconnect) is
      // retried until time runs out.
      if (/wrong last sequence/i.test(String(error))) this.markLost();
    }
  }

  private markLost(): void {
    if (this.lost) return;
    this.lost = true;
    this.stopRenewing();
    this.lostHandler?.();
  }

  private stopRenewing(): void {
    clearInterval(this.renewTimer);
    this.renewTimer = undefined;
  }
}

/** When a hold taken or renewed now (the request about to be sent) may end. */
function deadlineFor(clocks: LeaseClocks, leaseMs: number): Deadline {
  return { monotonic: clocks.monotonic() + leaseMs - SAFETY_MS, wall: clocks.wall() + leaseMs - SAFETY_MS };
}
