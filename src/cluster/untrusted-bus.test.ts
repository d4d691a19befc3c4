import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { clusterSettingsSchema } from '../orchestrator/cluster-settings.js';
import type { ManagedProcess } from '../testing/managed-process.js';
import { missingTools } from '../testing/required-tools.js';
import { sharedData } from '../testing/shared-data.js';
import { waitFor } from '../testing/wait-for.js';
import { eventsSubject, joinCluster, type ClusterStores } from './cluster-stores.js';
import { SessionWatcher, startGateway, startWorker, TestNats } from './testing/test-cluster.js';

const DATA = sharedData('.');
/** 13 s at its own pace: long enough to publish beside. */
const VIDEO = sharedData('landmarks-reference/asl_hand.25fps.mp4');

/**
 * A gateway and a worker on a real nats-server, and a client of the bus that publishes what it likes on the
 * events subjects: what anyone may do who can publish there (every worker, or anyone on a NATS without users).
 */
describe('a cluster gateway reading messages anyone may have published', { skip: missingTools('nats-server') }, () => {
  let nats: TestNats;
  let gateway: ManagedProcess;
  let worker: ManagedProcess;
  let url: string;
  let bus: ClusterStores;

  before(async () => {
    nats = await TestNats.start();
    ({ gateway, url } = await startGateway(nats, DATA));
    worker = await startWorker(nats, 'w1', DATA, 2);
    bus = await joinCluster(clusterSettingsSchema.parse({ url: nats.url }), 'handflow test publisher');
  });
  after(async () => {
    await bus?.connection.close();
    await worker?.stop();
    await gateway?.stop();
    await nats?.stop();
  });

  /** A stream running on the worker, and a WebSocket client that has had some of its frames. */
  async function runningStream(): Promise<{ id: string; watcher: SessionWatcher }> {
    const response = await fetch(`${url}/api/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ source: { type: 'file', path: VIDEO, realtime: true } }),
    });
    assert.equal(response.status, 201, await response.clone().text());
    const { id } = (await response.json()) as { id: string };
    const watcher = await SessionWatcher.open(url, id);
    await waitFor('the first frames to reach the client', () => (watcher.frames().length >= 5 ? true : undefined), 30_000);
    return { id, watcher };
  }

  /** Waits for the client to get `count` more of the stream's frames. */
  async function moreFrames(watcher: SessionWatcher, count: number): Promise<void> {
    const seen = watcher.frames().length;
    await waitFor(`${count} more frames to reach the client`, () => (watcher.frames().length >= seen + count ? true : undefined), 10_000);
  }

  it('passes a stream\'s frames on after a message that is not JSON, and says what it skipped', async () => {
    const { id, watcher } = await runningStream();
    try {
      await bus.js.publish(eventsSubject(id), 'not json');
      await moreFrames(watcher, 10);
      assert.match(gateway.stderr, /"subject":"handflow\.events\.s-[0-9a-f]+".*"msg":"a message on the events stream is not JSON of the expected shape; ignored"/);
    } finally {
      watcher.close();
    }
  });
});
