import type { KV } from '@nats-io/kv';
import type { Logger } from 'pino';
import type { z } from 'zod';

import { monotonicClock, type Clock } from '../core/clock.js';
import { IgnoredLog } from './ignored-log.js';
import { readPayload } from './cluster-records.js';

/** After a watch breaks (NATS restarted), it is opened again after this long. */
const REWATCH_DELAY_MS = 500;
/** The longest wait for a bucket's current entries at start. */
const INITIAL_WAIT_MS = 2000;
/** Entries of a bucket with an age limit are forgotten this many lease lengths after their last write. */
export const FORGET_EXPIRED_AFTER_LEASES = 4;

export interface MirroredEntry<T> {
  readonly value: T;
  /** When this process last saw the entry written (monotonic ms): entries the server expires send no notice. */
  readonly seenAt: number;
}

export interface BucketMirrorOptions {
  /** Told of every change (a key written or deleted). */
  readonly onChange?: (key: string) => void;
  /**
   * For a bucket whose server expires keys (an age limit), which it does without notice: entries not written for
   * this long are forgotten, so the keys of workers gone, or written once by anyone, do not pile up here.
   */
  readonly forgetAfterMs?: number;
  readonly clock?: Clock;
}

/**
 * A bucket's entries, kept current in memory by a watch, each checked against its schema (an entry that is not
 * JSON of its shape is left out, told of in the log (see IgnoredLog), and the watch goes on). Deleted keys go; keys
 * the server expires (an age limit) stay until the reader judges them stale by `seenAt`, and are forgotten
 * `forgetAfterMs` after they were last written. The watch is opened again whenever it breaks.
 */
export class BucketMirror<S extends z.ZodType> {
  private readonly entries = new Map<string, MirroredEntry<z.output<S>>>();
  private closed = false;
  private stopWatch: (() => void) | undefined;
  private readonly ignored: IgnoredLog;
  private readonly onChange: (key: string) => void;
  private readonly clock: Clock;
  private readonly forgetTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly bucket: KV,
    private readonly schema: S,
    private readonly logger: Logger,
    { onChange = () => {}, forgetAfterMs, clock = monotonicClock }: BucketMirrorOptions = {},
  ) {
    this.ignored = new IgnoredLog(logger, 'an entry of the cluster is not JSON of the expected shape; ignored');
    this.onChange = onChange;
    this.clock = clock;
    if (forgetAfterMs !== undefined) {
      this.forgetTimer = setInterval(() => this.forgetOlderThan(forgetAfterMs), forgetAfterMs / 2);
      this.forgetTimer.unref();
    }
  }

  /** Starts watching; resolves once the bucket's current entries are in. */
  async start(): Promise<void> {
    await this.watch();
  }

  get(key: string): MirroredEntry<z.output<S>> | undefined {
    return this.entries.get(key);
  }

  /** Every entry, and how long ago it was last written (ms). */
  *all(): IterableIterator<[string, MirroredEntry<z.output<S>>]> {
    yield* this.entries;
  }

  ageOf(entry: MirroredEntry<unknown>): number {
    return this.clock() - entry.seenAt;
  }

  /** Watches afresh (after a reconnection: a restarted server has forgotten the watch's consumer). */
  restart(): void {
    this.stopWatch?.();
  }

  close(): void {
    this.closed = true;
    clearInterval(this.forgetTimer);
    this.stopWatch?.();
  }

  private forgetOlderThan(ageMs: number): void {
    for (const [key, entry] of this.entries) if (this.ageOf(entry) > ageMs) this.entries.delete(key);
  }

  private async watch(): Promise<void> {
    const updates = await this.bucket.watch();
    this.stopWatch = () => updates.stop();
    let initialised!: () => void;
    const initial = new Promise<void>((resolve) => (initialised = resolve));
    // The watch first sends each key's current entry, then updates; an empty bucket sends nothing at all.
    const initialCount = (await this.bucket.status()).values;
    if (initialCount === 0) initialised();
    const fallback = setTimeout(() => initialised(), INITIAL_WAIT_MS);
    let received = 0;
    void (async () => {
      try {
        for await (const entry of updates) {
          if (entry.operation === 'PUT') {
            const value = readPayload(this.schema, entry);
            if (value !== undefined) this.entries.set(entry.key, { value, seenAt: this.clock() });
            else this.ignored.add({ bucket: entry.bucket, key: entry.key });
          } else {
            this.entries.delete(entry.key);
          }
          this.onChange(entry.key);
          if (entry.isUpdate || ++received >= initialCount) initialised();
        }
      } catch (error) {
        this.logger.debug({ err: error }, 'a bucket watch broke');
      }
      initialised();
      if (!this.closed) setTimeout(() => void this.watch().catch((error: unknown) => this.logger.debug({ err: error }, 'a bucket watch could not be opened again')), REWATCH_DELAY_MS);
    })();
    await initial;
    clearTimeout(fallback);
  }
}
