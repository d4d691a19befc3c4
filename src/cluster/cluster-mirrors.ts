import type { Logger } from 'pino';

import { BucketMirror, FORGET_EXPIRED_AFTER_LEASES } from './bucket-mirror.js';
import { clusterStreamSchema, streamLeaseSchema, streamProgressSchema, workerRecordSchema } from './cluster-records.js';
import type { ClusterStores } from './cluster-stores.js';

/** Who is told of each bucket's changes, by key. */
export interface MirrorChanges {
  readonly requests?: (key: string) => void;
  readonly progress?: (key: string) => void;
  readonly workers?: (key: string) => void;
}

/** The cluster's four buckets as a member reads them, each kept current by a watch: what workers and gateways decide by. */
export class ClusterMirrors {
  readonly requests: BucketMirror<typeof clusterStreamSchema>;
  readonly leases: BucketMirror<typeof streamLeaseSchema>;
  readonly progress: BucketMirror<typeof streamProgressSchema>;
  readonly workers: BucketMirror<typeof workerRecordSchema>;

  constructor(stores: ClusterStores, logger: Logger, leaseMs: number, changes: MirrorChanges = {}) {
    const told = (onChange: ((key: string) => void) | undefined) => (onChange === undefined ? {} : { onChange });
    // Leases and worker records expire a lease after their last write (read as gone then); forgotten a while after.
    const forgetAfterMs = FORGET_EXPIRED_AFTER_LEASES * leaseMs;
    this.requests = new BucketMirror(stores.streams, clusterStreamSchema, logger, told(changes.requests));
    this.leases = new BucketMirror(stores.leases, streamLeaseSchema, logger, { forgetAfterMs });
    this.progress = new BucketMirror(stores.progress, streamProgressSchema, logger, told(changes.progress));
    this.workers = new BucketMirror(stores.workers, workerRecordSchema, logger, { ...told(changes.workers), forgetAfterMs });
  }

  /** Reads every bucket; the requests last, so that each request is first seen with its lease and progress known. */
  async start(): Promise<void> {
    await Promise.all([this.leases.start(), this.progress.start(), this.workers.start()]);
    await this.requests.start();
  }

  /** Watches every bucket again: a restarted NATS server forgot the watches. */
  restart(): void {
    for (const mirror of this.all()) mirror.restart();
  }

  close(): void {
    for (const mirror of this.all()) mirror.close();
  }

  private all(): { restart(): void; close(): void }[] {
    return [this.requests, this.leases, this.progress, this.workers];
  }
}
