import { jetstream, JetStreamApiCodes, JetStreamApiError, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';

import { errorMessage, HandflowError } from '../core/errors.js';
import type { ClusterSettings } from '../orchestrator/cluster-settings.js';
import { connectCluster } from './cluster-connection.js';

/** The JetStream stream that keeps every stream's events, on `handflow.events.<stream>`. */
export const EVENTS_STREAM = 'HANDFLOW_EVENTS';
export const EVENTS_SUBJECTS = 'handflow.events.>';

export function eventsSubject(stream: string): string {
  return `handflow.events.${stream}`;
}

/** A republished frame with the same message id is dropped by the bus itself within this window. */
const DUPLICATE_WINDOW_MS = 120_000;

const nanos = (ms: number): number => Math.round(ms * 1_000_000);

/** The cluster's state in NATS: a stream's request, who holds it, how far it got, and the workers. */
export interface ClusterStores {
  readonly connection: NatsConnection;
  readonly js: JetStreamClient;
  /** Stream requests, by id (ClusterStream). */
  readonly streams: KV;
  /** Leases, by stream id (StreamLease): an entry lives a lease's length unless its worker renews it. */
  readonly leases: KV;
  /** Progress, by stream id (StreamProgress). */
  readonly progress: KV;
  /** Workers, by id (WorkerRecord), gone a lease's length after their last report. */
  readonly workers: KV;
}

/**
 * Who sets the cluster up. The gateway creates the events stream and the buckets on first use, with its settings'
 * lease length and event retention, and applies its retention again at each start; every other member (workers,
 * readers) only opens them, and waits for a gateway while they are missing. So a worker's NATS user needs no
 * JetStream management rights (docs/deployment.md, "Locking it down"), and workers whose settings differ never
 * fight the gateway over the stream's retention.
 */
export type ClusterRole = 'gateway' | 'member';

/**
 * The cluster's state, a bucket each (see ClusterStores): its name; whether an entry expires a lease after its
 * last write; the size an entry may have (a worker's record of 256 streams' metrics is about 150 KB; a stream's
 * request holds its project's settings, which a config file may make larger).
 */
const BUCKETS = {
  streams: { name: 'handflow_streams', expires: false, maxEntryBytes: 4 * 1024 * 1024 },
  leases: { name: 'handflow_leases', expires: true, maxEntryBytes: 16 * 1024 },
  progress: { name: 'handflow_progress', expires: false, maxEntryBytes: 256 * 1024 },
  workers: { name: 'handflow_workers', expires: true, maxEntryBytes: 512 * 1024 },
} as const;
type BucketKey = keyof typeof BUCKETS;
const BUCKET_KEYS = Object.keys(BUCKETS) as BucketKey[];
/** The streams the cluster keeps its events and state in, as JetStream names them (a bucket is the stream KV_<bucket>). */
export const CLUSTER_STREAMS = [EVENTS_STREAM, ...BUCKET_KEYS.map((key) => `KV_${BUCKETS[key].name}`)];

/** How often a member looks again for the streams a gateway has not made yet. */
const SET_UP_POLL_MS = 1000;

export interface JoinOptions {
  readonly role: ClusterRole;
  /** Hears what the server refuses the connection later (see connectCluster). */
  readonly onRefused?: (message: string) => void;
  /** Heard once when a member finds the cluster not set up yet, and waits for a gateway to do it. */
  readonly onWaiting?: (message: string) => void;
}

/**
 * Opens the cluster's buckets and its events stream; the gateway creates what is missing (see ClusterRole).
 *
 * @throws HandflowError CLUSTER_UNAVAILABLE when the server has no JetStream (started without -js) or refuses.
 */
export async function openClusterStores(connection: NatsConnection, settings: ClusterSettings, options: JoinOptions): Promise<ClusterStores> {
  try {
    const manager = await jetstreamManager(connection);
    if (options.role === 'gateway') await setUpEventsStream(manager, settings);
    else await waitUntilSetUp(manager, options.onWaiting);
    const js = jetstream(connection);
    const buckets = new Kvm(js);
    // For a member every bucket exists by now, and `create` only opens it.
    const opened = await Promise.all(BUCKET_KEYS.map((key) => buckets.create(BUCKETS[key].name, { history: 1, ...(BUCKETS[key].expires ? { ttl: settings.leaseMs } : {}) })));
    const stores = Object.fromEntries(BUCKET_KEYS.map((key, index) => [key, opened[index]!])) as Record<BucketKey, KV>;
    if (options.role === 'gateway') await restrictBuckets(manager);
    return { connection, js, ...stores };
  } catch (error) {
    throw new HandflowError(
      'CLUSTER_UNAVAILABLE',
      `NATS refused the cluster's streams and buckets: ${errorMessage(error)}. ${isStorageRefusal(error) ? "Does cluster.eventsMaxMegabytes fit in the JetStream store NATS allows (its max_file_store, and the disk's free space)?" : 'Is JetStream on (nats-server -js), and may this user use it?'}`,
      { cause: error },
    );
  }
}

/**
 * Takes from the buckets what the KV client gives every bucket and the cluster never uses, lest a worker's user,
 * which may write entries, use it: a message with a `Nats-Rollup: all` header wipes a bucket whole (every
 * stream's progress, ended ones made to run again), and an entry of any size would be read by every member.
 */
async function restrictBuckets(manager: JetStreamManager): Promise<void> {
  for (const key of BUCKET_KEYS) {
    const { name, maxEntryBytes } = BUCKETS[key];
    const { config } = await manager.streams.info(`KV_${name}`);
    if (config.allow_rollup_hdrs === false && config.max_msg_size === maxEntryBytes) continue;
    await manager.streams.update(config.name, { ...config, allow_rollup_hdrs: false, max_msg_size: maxEntryBytes });
  }
}

function isStorageRefusal(error: unknown): boolean {
  return error instanceof JetStreamApiError && /insufficient storage|storage resources/i.test(error.message);
}

async function setUpEventsStream(manager: JetStreamManager, settings: ClusterSettings): Promise<void> {
  const maxAgeMs = settings.eventsMaxAgeHours * 3_600_000;
  const events = {
    name: EVENTS_STREAM,
    subjects: [EVENTS_SUBJECTS],
    max_age: nanos(maxAgeMs),
    max_bytes: settings.eventsMaxMegabytes * 1024 * 1024,
    // JetStream refuses a window longer than the retention: the events are gone by then anyway.
    duplicate_window: nanos(Math.min(DUPLICATE_WINDOW_MS, maxAgeMs)),
  };
  await manager.streams.info(EVENTS_STREAM).then(
    () => manager.streams.update(EVENTS_STREAM, events),
    () => manager.streams.add(events),
  );
}

/** Resolves once every stream of the cluster exists; any other refusal than a missing stream is thrown. */
async function waitUntilSetUp(manager: JetStreamManager, onWaiting: ((message: string) => void) | undefined): Promise<void> {
  let told = false;
  for (;;) {
    const missing = await missingStreams(manager);
    if (missing.length === 0) return;
    if (!told) {
      told = true;
      onWaiting?.(`the cluster is not set up yet (no ${missing.join(', ')} on NATS): waiting for a gateway (handflow serve --nats) to create it`);
    }
    await new Promise((resolve) => setTimeout(resolve, SET_UP_POLL_MS));
  }
}

async function missingStreams(manager: JetStreamManager): Promise<string[]> {
  const found = await Promise.all(
    CLUSTER_STREAMS.map((name) =>
      manager.streams.info(name).then(
        () => true,
        (error: unknown) => {
          if (error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound) return false;
          throw error;
        },
      ),
    ),
  );
  return CLUSTER_STREAMS.filter((_, index) => !found[index]);
}

/**
 * Connects to the cluster as `name` and opens its stores (see ClusterRole); nothing is left open when that fails.
 * @throws HandflowError CLUSTER_UNAVAILABLE, INVALID_OPTION (see connectCluster)
 */
export async function joinCluster(settings: ClusterSettings, name: string, options: JoinOptions): Promise<ClusterStores> {
  const connection = await connectCluster(settings, name, options.onRefused);
  try {
    return await openClusterStores(connection, settings, options);
  } catch (error) {
    await connection.close();
    throw error;
  }
}
