import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { jetstreamManager } from '@nats-io/jetstream';

import { clusterSettingsSchema } from '../orchestrator/cluster-settings.js';
import { capturedLog } from '../orchestrator/testing/captured-log.js';
import { missingTools } from '../testing/required-tools.js';
import { waitFor } from '../testing/wait-for.js';
import { EVENTS_STREAM, eventsSubject, joinCluster, type ClusterStores } from './cluster-stores.js';
import { EventsFollower } from './events-follower.js';
import { TestNats } from './testing/test-cluster.js';

/** A message of the bus as a consumer hands it over: its stream sequence, subject and payload. */
interface Delivered {
  readonly seq: number;
  readonly subject: string;
  json(): unknown;
}

function delivered(seq: number, payload: string): Delivered {
  return { seq, subject: 'handflow.events.s-1', json: () => JSON.parse(payload) as unknown };
}

const endOf = (worker: string, seq: number) => delivered(seq, JSON.stringify({ stream: 's-1', frame: null, worker, summary: null, events: [], errors: [] }));

/**
 * Stores whose events consumers deliver one batch of messages each. Each but the last then stops, as a consumer
 * might for a reason of its own; the last stays open until stopped. Records where each consumer was asked to start.
 */
function storesDelivering(batches: Delivered[][]): { stores: ClusterStores; startedFrom: unknown[] } {
  const startedFrom: unknown[] = [];
  const consumers = {
    get: async (_stream: string, options: unknown) => {
      startedFrom.push(options);
      const batch = batches.shift() ?? [];
      const last = batches.length === 0;
      let stop!: () => void;
      const stopped = new Promise<void>((resolve) => (stop = resolve));
      async function* messages() {
        yield* batch;
        if (last) await stopped;
      }
      async function* status() {}
      return { consume: async () => Object.assign(messages(), { stop, status }) };
    },
  };
  return { stores: { js: { consumers } } as unknown as ClusterStores, startedFrom };
}

describe('the events follower', () => {
  it('follows the events again from the next message when its consumer stops, skipping one that is not JSON', async () => {
    const { stores, startedFrom } = storesDelivering([[endOf('w1', 1), delivered(2, 'not json')], [endOf('w2', 3)]]);
    const log = capturedLog('warn');
    const heard: string[] = [];
    const follower = await EventsFollower.start(stores, log.logger, (message) => heard.push(message.worker));
    try {
      await waitFor('the message after the stop', () => (heard.length === 2 ? true : undefined), 5000);
      assert.deepEqual(heard, ['w1', 'w2']);
      assert.deepEqual(startedFrom, [{ deliver_policy: 'new' }, { deliver_policy: 'by_start_sequence', opt_start_seq: 3 }]);
      assert.deepEqual(
        log.records().map(({ msg }) => msg),
        ['a message on the events stream is not JSON of the expected shape; ignored', 'the events consumer stopped; following the events again'],
      );
    } finally {
      follower.stop();
    }
  });

  it('tells of messages it ignores at most every 10 s, so junk on the bus cannot flood the log', async () => {
    const junk = Array.from({ length: 50 }, (_, index) => delivered(index + 1, 'not json'));
    const { stores } = storesDelivering([[...junk, endOf('w1', 51)]]);
    const log = capturedLog('warn');
    const heard: string[] = [];
    const follower = await EventsFollower.start(stores, log.logger, (message) => heard.push(message.worker));
    try {
      await waitFor('the message after the junk', () => (heard.length === 1 ? true : undefined), 5000);
      const told = log.records().filter(({ msg }) => msg === 'a message on the events stream is not JSON of the expected shape; ignored');
      assert.deepEqual(told.map(({ seq, ignored }) => [seq, ignored]), [[1, 1]]);
    } finally {
      follower.stop();
    }
  });
});

describe('the events follower on a real nats-server', { skip: missingTools('nats-server') }, () => {
  it('follows again at once when its consumer is deleted under it, missing nothing published meanwhile', { timeout: 60_000 }, async () => {
    const nats = await TestNats.start();
    const stores = await joinCluster(clusterSettingsSchema.parse({ url: nats.url }), 'handflow test gateway', { role: 'gateway' });
    const log = capturedLog('warn');
    const heard: string[] = [];
    const follower = await EventsFollower.start(stores, log.logger, (message) => heard.push(message.worker));
    const publish = (worker: string) => stores.js.publish(eventsSubject('s-1'), JSON.stringify({ stream: 's-1', frame: null, worker, summary: null, events: [], errors: [] }));
    try {
      await publish('before');
      await waitFor('the first message', () => (heard.length === 1 ? true : undefined), 10_000);
      const manager = await jetstreamManager(stores.connection);
      for await (const consumer of manager.consumers.list(EVENTS_STREAM)) await manager.consumers.delete(EVENTS_STREAM, consumer.name);
      await publish('after');
      const deletedAt = Date.now();
      await waitFor('the message published after the deletion', () => (heard.length === 2 ? true : undefined), 20_000);
      const tookMs = Date.now() - deletedAt;
      assert.deepEqual(heard, ['before', 'after']);
      assert.ok(tookMs < 5000, `heard ${tookMs} ms after the deletion`);
      assert.ok(log.records().some(({ msg }) => /the events consumer was deleted on NATS/.test(String(msg))));
    } finally {
      follower.stop();
      await stores.connection.close();
      await nats.stop();
    }
  });
});
