import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { jetstreamManager } from '@nats-io/jetstream';
import { headers } from '@nats-io/transport-node';

import { MEASURED_STAGES } from '../core/pipeline-stages.js';
import { clusterSettingsSchema } from '../orchestrator/cluster-settings.js';
import { SEVERITIES } from '../orchestrator/pipeline-error.js';
import type { ManagedProcess } from '../testing/managed-process.js';
import { missingTools } from '../testing/required-tools.js';
import { sharedData } from '../testing/shared-data.js';
import { waitFor } from '../testing/wait-for.js';
import { eventsSubject, joinCluster, type ClusterStores } from './cluster-stores.js';
import { SessionWatcher, startGateway, startWorker, TestNats } from './testing/test-cluster.js';

const DATA = sharedData('.');
/** 13 s at its own pace: long enough to publish beside. */
const VIDEO = sharedData('landmarks-reference/asl_hand.25fps.mp4');

/** A nats-server, a gateway and one worker (w1, two streams), started before the suite's tests and stopped after. */
function clusterOfOneWorker(): { readonly url: () => string; readonly nats: () => TestNats; readonly gateway: () => ManagedProcess; readonly worker: () => ManagedProcess } {
  let nats: TestNats;
  let gateway: ManagedProcess;
  let worker: ManagedProcess;
  let url: string;
  before(async () => {
    nats = await TestNats.start();
    ({ gateway, url } = await startGateway(nats, DATA));
    worker = await startWorker(nats, 'w1', DATA, 2);
  });
  after(async () => {
    await worker?.stop();
    await gateway?.stop();
    await nats?.stop();
  });
  return { url: () => url, nats: () => nats, gateway: () => gateway, worker: () => worker };
}

/** Starts the clip at its own pace on the cluster; resolves with the stream's id. */
async function startClip(url: string): Promise<string> {
  const response = await fetch(`${url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ source: { type: 'file', path: VIDEO, realtime: true } }) });
  assert.equal(response.status, 201, await response.clone().text());
  return ((await response.json()) as { id: string }).id;
}

/**
 * A gateway and a worker on a real nats-server, and a client of the bus that publishes what it likes on the
 * events subjects: what anyone may do who can publish there (every worker, or anyone on a NATS without users).
 */
describe('a cluster gateway reading messages anyone may have published', { skip: missingTools('nats-server') }, () => {
  const cluster = clusterOfOneWorker();
  let url: string;
  let bus: ClusterStores;

  before(async () => {
    url = cluster.url();
    bus = await joinCluster(clusterSettingsSchema.parse({ url: cluster.nats().url }), 'handflow test publisher', { role: 'member' });
  });
  after(async () => {
    await bus?.connection.close();
  });

  /** A stream running on the worker, and a WebSocket client that has had some of its frames: `test` is run with them, then both are stopped. */
  async function withRunningStream(test: (id: string, watcher: SessionWatcher) => Promise<void>): Promise<void> {
    const id = await startClip(url);
    const watcher = await SessionWatcher.open(url, id);
    try {
      await waitFor('the first frames to reach the client', () => (watcher.frames().length >= 5 ? true : undefined), 30_000);
      await test(id, watcher);
    } finally {
      watcher.close();
      await fetch(`${url}/api/sessions/${id}/stop`, { method: 'POST' });
    }
  }

  /** Publishes a message on a stream's subject (another's with `subject`), as anyone who may publish there can. */
  async function publish(stream: string, message: Record<string, unknown>, subject = eventsSubject(stream)): Promise<void> {
    await bus.js.publish(subject, JSON.stringify({ stream, frame: null, worker: 'w1', summary: null, events: [], errors: [], ...message }));
  }

  /** A frame message of the right shape, whose summary shows `gesture`. */
  function frame(stream: string, frameNumber: number, gesture: string, worker = 'w1'): Record<string, unknown> {
    const summary = { channel: 'frame', sessionId: stream, frameNumber, timestampMs: 0, width: 640, height: 480, hands: [], fingerCount: null, gesture };
    return { frame: frameNumber, worker, summary };
  }

  /** Waits for the client to get `count` more of the stream's frames. */
  async function moreFrames(watcher: SessionWatcher, count: number): Promise<void> {
    const seen = watcher.frames().length;
    await waitFor(`${count} more frames to reach the client`, () => (watcher.frames().length >= seen + count ? true : undefined), 10_000);
  }

  it('passes a stream\'s frames on after a message that is not JSON, and says what it skipped', async () => {
    await withRunningStream(async (id, watcher) => {
      await bus.js.publish(eventsSubject(id), 'not json');
      await moreFrames(watcher, 10);
      assert.match(cluster.gateway().stderr, /"subject":"handflow\.events\.s-[0-9a-f]+".*"msg":"a message on the events stream is not JSON of the expected shape; ignored"/);
    });
  });

  it('makes no metrics series of made-up stages or severities, and sends clients no summary that is not a frame\'s', async () => {
    await withRunningStream(async (id, watcher) => {
      const latest = Math.max(...watcher.frames().map((message) => message.frameNumber!));
      const madeUpStages = Object.fromEntries(Array.from({ length: 5000 }, (_, index) => [`made_up_stage_${index}`, 1]));
      await publish(id, { ...frame(id, latest + 1, 'forged-stages'), latencyMs: { ...madeUpStages, total: 5 } });
      await publish(id, { errors: [{ severity: 'MADE_UP_SEVERITY', stage: 'output', message: 'forged error' }] });
      await publish(id, { errors: [{ severity: 'LOW', stage: 'made_up_stage', message: 'forged error' }] });
      await publish(id, { errors: Array.from({ length: 10_000 }, () => ({ severity: 'LOW', stage: 'output', message: 'forged error' })) });
      await publish(id, { frame: latest + 2, summary: { forged: true } });
      await publish(id, { frame: latest + 3, summary: null });
      await publish(id, { frame: latest + 4, summary: { broken: 1 }, errors: [{ severity: 'LOW', stage: 'output', message: 'kept: a frame whose summary is broken' }] });
      await publish(id, { events: [{ key: 'forged/0', event: { type: 'gesture_detected', forged: true } }] });
      await moreFrames(watcher, 10);

      const metrics = await (await fetch(`${url}/metrics`)).text();
      const labels = (name: string) => new Set([...metrics.matchAll(new RegExp(`${name}="([^"]*)"`, 'g'))].map((match) => match[1]));
      assert.ok([...labels('stage')].every((stage) => (MEASURED_STAGES as readonly string[]).includes(stage!)), `stages: ${[...labels('stage')].join(', ')}`);
      assert.ok([...labels('severity')].every((severity) => (SEVERITIES as readonly string[]).includes(severity!)), `severities: ${[...labels('severity')].join(', ')}`);
      assert.doesNotMatch(metrics, /made_up|MADE_UP/);
      const forged = watcher.messages.filter((message) => JSON.stringify(message).includes('forged'));
      assert.deepEqual(forged, [], 'nothing forged reached the client');
      // A frame whose summary is not one still has its errors (and events) passed on: the picture alone is lost.
      assert.ok(watcher.messages.some((message) => JSON.stringify(message).includes('kept: a frame whose summary is broken')), 'the error of a frame whose summary is broken');
      assert.deepEqual(watcher.malformed, [], 'no message that is not an object reached the client');
    });
  });

  it('passes on only what the stream\'s holder sent, on its subject, near its progress; a forged frame number silences nothing', async () => {
    await withRunningStream(async (id, watcher) => {
      const latest = Math.max(...watcher.frames().map((message) => message.frameNumber!));
      await publish(id, frame(id, latest + 5, 'forged-by-a-worker-not-holding-it', 'intruder'));
      await publish(id, frame(id, latest + 5, 'forged-on-another-subject'), eventsSubject('s-other'));
      await publish(id, frame(id, Number.MAX_SAFE_INTEGER, 'forged-far-ahead'));
      // Near the stream's progress and in the holder's name: believed, as nothing tells it from the holder's own.
      await publish(id, frame(id, latest + 300, 'forged-by-the-holder'));
      const seenBefore = watcher.messages.length;
      // The stream's own frames go on, from before the forged frame number.
      const realFramesAfter = () => watcher.messages.slice(seenBefore).filter((message) => message.channel === 'frame' && !String(message.gesture).startsWith('forged'));
      await waitFor('10 more of the stream\'s own frames', () => (realFramesAfter().length >= 10 ? true : undefined), 10_000);
      assert.ok(realFramesAfter().every((message) => message.frameNumber! < latest + 300));
      const forged = watcher.frames().map((message) => String(message.gesture)).filter((gesture) => gesture.startsWith('forged'));
      assert.deepEqual(forged, ['forged-by-the-holder']);
    });
  });

  it('keeps the buckets whole: a rollup that would wipe one is refused, and so is an entry past its bucket\'s size', async () => {
    // What a worker's user may write: an entry, here of no stream, which the gateway skips.
    await bus.progress.put('kept-entry', '{}');
    const rollup = headers();
    rollup.set('Nats-Rollup', 'all');
    await assert.rejects(bus.js.publish('$KV.handflow_progress.wipe', '{}', { headers: rollup }), /rollup/i);
    assert.equal((await bus.progress.get('kept-entry'))?.string(), '{}', 'the bucket kept its entries');
    await assert.rejects(bus.workers.put('outsize', 'x'.repeat(600 * 1024)), /maximum|exceeds|too large/i);
    await bus.progress.delete('kept-entry');
  });

  it('takes a waiting stream all the same once it has waited two leases for a worker that says it has room and never takes it', { timeout: 60_000 }, async () => {
    // A record a worker's user may write, of a worker with nothing held that "accepts": the real one defers to it.
    const ghost = (): Promise<unknown> => bus.workers.put('ghost', JSON.stringify({ id: 'ghost', host: 'nowhere', pid: 1, maxStreams: 4, accepting: true, streams: {}, at: Date.now() }));
    await ghost();
    const haunting = setInterval(() => void ghost(), 500);
    const ids: string[] = [];
    try {
      for (let index = 0; index < 2; index += 1) ids.push(await startClip(url));
      await waitFor('both streams to run on the one real worker', async () => {
        const states = await Promise.all(ids.map(async (id) => ((await (await fetch(`${url}/api/sessions/${id}`)).json()) as { state: string }).state));
        return states.every((state) => state === 'running') ? true : undefined;
      }, 30_000);
    } finally {
      clearInterval(haunting);
      for (const id of ids) await fetch(`${url}/api/sessions/${id}/stop`, { method: 'POST' });
      await bus.workers.delete('ghost');
    }
  });
});

describe('a cluster worker whose events the bus refuses', { skip: missingTools('nats-server') }, () => {
  const cluster = clusterOfOneWorker();

  it('keeps off the stream for longer each time, rather than take it and fail every second', { timeout: 60_000 }, async () => {
    // No events stream: every publish is refused, as a worker's user without handflow.events.> is.
    const [url, worker] = [cluster.url(), cluster.worker()];
    const admin = await joinCluster(clusterSettingsSchema.parse({ url: cluster.nats().url }), 'handflow test admin', { role: 'member' });
    try {
      await (await jetstreamManager(admin.connection)).streams.delete('HANDFLOW_EVENTS');
    } finally {
      await admin.connection.close();
    }
    const id = await startClip(url);
    const takes = (): number => worker.stderr.split('\n').filter((line) => line.includes('"took the stream"') && line.includes(id)).length;
    await waitFor('the first take', () => (takes() >= 1 ? true : undefined), 20_000);
    await new Promise((resolve) => setTimeout(resolve, 12_000));
    // A lease (5 s), then two: at most three takes in the 12 s after the first, where it took it each second.
    assert.ok(takes() <= 3, `${takes()} takes of the stream`);
    assert.match(worker.stderr, /the bus did not take its events .*not taken again here for a while/);
    await fetch(`${url}/api/sessions/${id}/stop`, { method: 'POST' });
  });
});

