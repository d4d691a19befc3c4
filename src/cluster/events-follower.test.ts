import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { capturedLog } from '../orchestrator/testing/captured-log.js';
import { waitFor } from '../testing/wait-for.js';
import type { ClusterStores } from './cluster-stores.js';
import { EventsFollower } from './events-follower.js';

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
      return { consume: async () => Object.assign(messages(), { stop }) };
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
