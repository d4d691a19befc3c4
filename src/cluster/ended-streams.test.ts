import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import type { ManagedProcess } from '../testing/managed-process.js';
import { missingTools } from '../testing/required-tools.js';
import { scratchFolder } from '../testing/scratch.js';
import { sharedData } from '../testing/shared-data.js';
import { waitFor } from '../testing/wait-for.js';
import { clusterSettingsSchema } from '../orchestrator/cluster-settings.js';
import { joinCluster } from './cluster-stores.js';
import { startGateway, startWorker, TestNats } from './testing/test-cluster.js';

/** The shortest retention the settings take: 0.01 h. */
const KEEP_MS = 36_000;

describe('a cluster gateway keeps an ended stream as long as the bus keeps its events', { skip: missingTools('nats-server') }, () => {
  const scratch = scratchFolder('handflow-ended-streams-');
  let nats: TestNats;
  let gateway: ManagedProcess;
  let url: string;

  before(async () => {
    nats = await TestNats.start();
    const config = scratch.file('handflow.config.json', JSON.stringify({ cluster: { eventsMaxAgeHours: KEEP_MS / 3_600_000 } }));
    ({ gateway, url } = await startGateway(nats, sharedData('.'), {}, ['--config', config]));
  });
  after(async () => {
    await gateway.stop();
    await nats.stop();
  });

  it('answers for it until cluster.eventsMaxAgeHours after its end, then forgets it', { timeout: 90_000 }, async () => {
    // No worker: the stream waits, and stopping it ends it at the gateway.
    const started = await fetch(`${url}/api/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ source: { type: 'file', path: sharedData('mediapipe-samples/open_hand_video.mp4') } }),
    });
    assert.equal(started.status, 201);
    const { id } = (await started.json()) as { id: string };
    assert.equal((await fetch(`${url}/api/sessions/${id}/stop`, { method: 'POST' })).status, 200);
    const endedAt = Date.now();
    const session = (await (await fetch(`${url}/api/sessions/${id}`)).json()) as { state: string; endReason: string };
    assert.deepEqual([session.state, session.endReason], ['ended', 'stopped']);

    await waitFor('the ended stream to be forgotten', async () => ((await fetch(`${url}/api/sessions/${id}`)).status === 404 ? true : undefined), 60_000);
    const keptMs = Date.now() - endedAt;
    // Looked for ten times in the retention: forgotten within a tenth of it after it is due.
    assert.ok(keptMs >= KEEP_MS - 1000 && keptMs <= KEEP_MS * 1.1 + 5000, `forgotten ${keptMs} ms after its end`);
  });

  it('forgets it as soon as another gateway of the cluster prunes it from the buckets', { timeout: 60_000 }, async () => {
    const started = await fetch(`${url}/api/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ source: { type: 'file', path: sharedData('mediapipe-samples/open_hand_video.mp4') } }),
    });
    const { id } = (await started.json()) as { id: string };
    assert.equal((await fetch(`${url}/api/sessions/${id}/stop`, { method: 'POST' })).status, 200);
    // What another gateway's prune does, with a cluster.eventsMaxAgeHours shorter than this one's.
    const other = await joinCluster(clusterSettingsSchema.parse({ url: nats.url }), 'another gateway', { role: 'member' });
    try {
      await other.streams.delete(id);
      await other.progress.delete(id);
    } finally {
      await other.connection.close();
    }
    await waitFor('the pruned stream to be forgotten', async () => ((await fetch(`${url}/api/sessions/${id}`)).status === 404 ? true : undefined), 10_000);
  });
});

describe('a cluster gateway tells why a stream failed on its worker', { skip: missingTools('nats-server') }, () => {
  const scratch = scratchFolder('handflow-failed-stream-');
  let nats: TestNats;
  const processes: ManagedProcess[] = [];
  let url: string;

  before(async () => {
    nats = await TestNats.start();
    let gateway: ManagedProcess;
    ({ gateway, url } = await startGateway(nats, scratch.path));
    processes.push(gateway, await startWorker(nats, 'w1', scratch.path));
  });
  after(async () => {
    for (const process of processes) await process.stop();
    await nats.stop();
  });

  it('as the failure of the session, as a session of its own process would', { timeout: 60_000 }, async () => {
    const pipe = join(scratch.path, 'pipe.png');
    execFileSync('mkfifo', [pipe]);
    const started = await fetch(`${url}/api/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ source: { type: 'file', path: pipe } }),
    });
    assert.equal(started.status, 201);
    const { id } = (await started.json()) as { id: string };
    const session = await waitFor('the stream to end', async () => {
      const info = (await (await fetch(`${url}/api/sessions/${id}`)).json()) as { state: string; endReason?: string; failure?: string; worker?: string };
      return info.state === 'ended' ? info : undefined;
    }, 45_000);
    assert.equal(session.endReason, 'failed');
    assert.match(String(session.failure), /pipe\.png is not a readable image: it is not a regular file/);
  });
});

describe('a cluster gateway ends a stream asked to stop while its worker was frozen', { skip: missingTools('nats-server') }, () => {
  let nats: TestNats;
  const processes: ManagedProcess[] = [];
  let worker: ManagedProcess;
  let url: string;

  before(async () => {
    nats = await TestNats.start();
    let gateway: ManagedProcess;
    ({ gateway, url } = await startGateway(nats, sharedData('.')));
    worker = await startWorker(nats, 'w1', sharedData('.'));
    processes.push(gateway, worker);
  });
  after(async () => {
    worker.child.kill('SIGCONT');
    for (const process of processes) await process.stop();
    await nats.stop();
  });

  it('once the lease lapses: the stop answers, rather than wait for ever with the stream left waiting', { timeout: 90_000 }, async () => {
    const started = await fetch(`${url}/api/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ source: { type: 'file', path: sharedData('landmarks-reference/asl_hand.25fps.mp4'), realtime: true } }),
    });
    assert.equal(started.status, 201);
    const { id } = (await started.json()) as { id: string };
    await waitFor('the worker to hold the stream', async () => (((await (await fetch(`${url}/api/sessions/${id}`)).json()) as { state: string }).state === 'running' ? true : undefined), 30_000);
    worker.child.kill('SIGSTOP');
    const asked = Date.now();
    const stopped = await fetch(`${url}/api/sessions/${id}/stop`, { method: 'POST', signal: AbortSignal.timeout(30_000) });
    const answeredMs = Date.now() - asked;
    assert.equal(stopped.status, 200);
    // A lease is 5 s by default; the gateway looks every second, and waits one more for the worker's own ending.
    assert.ok(answeredMs < 12_000, `answered ${answeredMs} ms after the stop`);
    const session = (await (await fetch(`${url}/api/sessions/${id}`)).json()) as { state: string; endReason: string };
    assert.deepEqual([session.state, session.endReason], ['ended', 'stopped']);
    worker.child.kill('SIGCONT');
    const cluster = await waitFor('the thawed worker to give the stream up', async () => {
      const status = (await (await fetch(`${url}/api/cluster`)).json()) as { workers: { streams: number }[]; waiting: number; running: number };
      return status.workers.length === 1 && status.workers[0]!.streams === 0 ? status : undefined;
    }, 30_000);
    assert.deepEqual([cluster.waiting, cluster.running], [0, 0]);
  });
});
