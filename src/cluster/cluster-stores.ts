import { jetstream, jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
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
 * Opens the cluster's buckets and its events stream, creating them on first use with the settings' lease
 * length and event retention. Every worker and gateway calls it; whoever comes first creates.
 *
 * @throws HandflowError CLUSTER_UNAVAILABLE when the server has no JetStream (started without -js) or refuses.
 */
export async function openClusterStores(connection: NatsConnection, settings: ClusterSettings): Promise<ClusterStores> {
  try {
    const manager = await jetstreamManager(connection);
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
    const js = jetstream(connection);
    const buckets = new Kvm(js);
    const [streams, leases, progress, workers] = await Promise.all([
      buckets.create('handflow_streams', { history: 1 }),
      buckets.create('handflow_leases', { history: 1, ttl: settings.leaseMs }),
      buckets.create('handflow_progress', { history: 1 }),
      buckets.create('handflow_workers', { history: 1, ttl: settings.leaseMs }),
    ]);
    return { connection, js, streams, leases, progress, workers };
  } catch (error) {
    throw new HandflowError(
      'CLUSTER_UNAVAILABLE',
      `NATS refused the cluster's streams and buckets: ${errorMessage(error)}. Is JetStream on (nats-server -js), and may this user use it?`,
      { cause: error },
    );
  }
}

/**
 * Connects to the cluster as `name` and opens its stores; nothing is left open when that fails. `onRefused` hears
 * what the server refuses the connection later (see connectCluster).
 * @throws HandflowError CLUSTER_UNAVAILABLE, INVALID_OPTION (see connectCluster)
 */
export async function joinCluster(settings: ClusterSettings, name: string, onRefused?: (message: string) => void): Promise<ClusterStores> {
  const connection = await connectCluster(settings, name, onRefused);
  try {
    return await openClusterStores(connection, settings);
  } catch (error) {
    await connection.close();
    throw error;
  }
}
