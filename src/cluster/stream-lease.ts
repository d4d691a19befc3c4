import type { KV } from '@nats-io/kv';

import { monotonicClock, type Clock } from '../core/clock.js';

/**
 * Renewals are sent this many times a lease: a worker that misses one or two (a slow network, a busy event
 * loop) still holds its streams.
 */
const RENEWALS_PER_LEASE = 4;

/** Margin under the lease's length: the holder stops acting this long before anyone else may take the stream. */
const SAFETY_MS = 500;

/**
 * One worker's hold on one stream: a key in a bucket whose entries the server expires `leaseMs` after they were
 * last written. Taking it is an atomic create, renewing it a compare-and-set on the revision, so two workers
 * never hold the same stream.
 *
 * The holder knows, by its own clock, when its hold may have ended: `held()` turns false `leaseMs - SAFETY_MS`
 * after the last renewal was sent, whatever the network or a stopped process did meanwhile, and before the
 * server can have let anyone else take it. A worker checks `held()` before every publish, so a worker that was
 * frozen or cut off never publishes for a stream it may have lost.
 */
export class StreamLease {
  private renewTimer: NodeJS.Timeout | undefined;
  private lostHandler: (() => void) | undefined;
  private lost = false;

  private constructor(
    private readonly bucket: KV,
    readonly stream: string,
    private readonly value: string,
    private revision: number,
    private validUntil: number,
    private readonly leaseMs: number,
    private readonly clock: Clock,
  ) {}

  /** Takes the stream's lease, or resolves undefined when another worker holds it (or NATS does not answer). */
  static async claim(bucket: KV, stream: string, worker: string, leaseMs: number, clock: Clock = monotonicClock): Promise<StreamLease | undefined> {
    const value = JSON.stringify({ worker, since: Date.now() });
    const sentAt = clock();
    try {
      const revision = await bucket.create(stream, value);
      return new StreamLease(bucket, stream, value, revision, sentAt + leaseMs - SAFETY_MS, leaseMs, clock);
    } catch {
      return undefined;
    }
  }

  /** True while no other worker can have taken the stream. */
  held(): boolean {
    if (!this.lost && this.clock() >= this.validUntil) this.markLost();
    return !this.lost;
  }

  /** Renews the lease until it is released, calling `onLost` once if it is lost (another holder, or time ran out). */
  keep(onLost: () => void): void {
    this.lostHandler = onLost;
    const interval = this.leaseMs / RENEWALS_PER_LEASE;
    this.renewTimer = setInterval(() => void this.renew(), interval);
  }

  /** Gives the stream up, so another worker may take it at once (a stream that ended, or one this worker stops). */
  async release(): Promise<void> {
    const wasHeld = this.held();
    this.stopRenewing();
    if (!wasHeld) return;
    this.lost = true;
    await this.bucket.delete(this.stream, { previousSeq: this.revision }).catch(() => undefined);
  }

  private async renew(): Promise<void> {
    if (!this.held()) return;
    const sentAt = this.clock();
    try {
      this.revision = await this.bucket.update(this.stream, this.value, this.revision);
      if (!this.lost) this.validUntil = sentAt + this.leaseMs - SAFETY_MS;
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
