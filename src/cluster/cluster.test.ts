import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';

import { existsSync } from 'node:fs';

import { chromium } from 'playwright-core';

import { probeVideo } from '../ingestion/probe-video.js';
import type { ManagedProcess } from '../testing/managed-process.js';
import { missingTools } from '../testing/required-tools.js';
import { sharedData } from '../testing/shared-data.js';
import { waitFor } from '../testing/wait-for.js';
import { readEvents, startGateway, startWorker, TestNats, type StoredMessage } from './testing/test-cluster.js';

const DATA = sharedData('.');
const VIDEOS = ['landmarks-reference/asl_hand.25fps.mp4', 'mediapipe-samples/open_hand_video.mp4', 'mediapipe-samples/thumb_up_video.mp4', 'natural-motion/intel_asl_book.mp4'].map((path) => sharedData(path));

interface SessionInfo {
  readonly id: string;
  readonly state: string;
  readonly endReason?: string;
  readonly worker?: string;
  readonly source: { readonly label: string };
  readonly metrics: { readonly frames: { readonly processed: number } };
}

/** A cluster of a gateway and two workers on a real nats-server, with four file streams started through the API. */
class Run {
  readonly frameCounts = new Map<string, number>();
  private constructor(
    readonly nats: TestNats,
    readonly gatewayUrl: string,
    readonly processes: ManagedProcess[],
    readonly workers: Record<'w1' | 'w2', ManagedProcess>,
  ) {}

  static async start(): Promise<Run> {
    const nats = await TestNats.start();
    const { gateway, url } = await startGateway(nats, DATA);
    const [w1, w2] = await Promise.all([startWorker(nats, 'w1', DATA), startWorker(nats, 'w2', DATA)]);
    return new Run(nats, url, [gateway, w1, w2], { w1, w2 });
  }

  async startStreams(): Promise<string[]> {
    const ids: string[] = [];
    for (const path of VIDEOS) {
      const response = await fetch(`${this.gatewayUrl}/api/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ source: { type: 'file', path, realtime: false }, project: 'finger-counter' }),
      });
      assert.equal(response.status, 201, await response.clone().text());
      const { id } = (await response.json()) as SessionInfo;
      ids.push(id);
      this.frameCounts.set(id, (await probeVideo(path, { countFrames: true })).frameCount!);
    }
    return ids;
  }

  async sessions(): Promise<SessionInfo[]> {
    const response = await fetch(`${this.gatewayUrl}/api/sessions`);
    return ((await response.json()) as { sessions: SessionInfo[] }).sessions;
  }

  /** Waits until w1 runs a stream that is part-way through; returns its id. */
  async streamPartWayOn(worker: string): Promise<string> {
    return waitFor(`a stream part-way through on ${worker}`, async () => (await this.sessions()).find((session) => session.worker === worker && session.metrics.frames.processed >= 20)?.id, 60_000);
  }

  async allEnded(timeoutMs: number): Promise<SessionInfo[]> {
    return waitFor('every stream to end', async () => {
      const sessions = await this.sessions();
      return sessions.length === VIDEOS.length && sessions.every((session) => session.state === 'ended') ? sessions : undefined;
    }, timeoutMs);
  }

  async stop(): Promise<void> {
    for (const process of this.processes.reverse()) await process.stop();
    await this.nats.stop();
  }
}

/**
 * Checks that every frame of every stream is on the bus at least once; returns the duplicates, for the report,
 * and the workers that published each stream.
 */
function checkEveryFrame(run: Run, messages: readonly StoredMessage[]): { duplicates: number; workersByStream: Map<string, Set<string>> } {
  let duplicates = 0;
  const workersByStream = new Map<string, Set<string>>();
  for (const [stream, count] of run.frameCounts) {
    const frames = messages.filter((message) => message.stream === stream && message.frame !== null);
    const seen = new Set(frames.map((message) => message.frame));
    const missing = [...Array(count).keys()].filter((frame) => !seen.has(frame));
    assert.deepEqual(missing, [], `stream ${stream}: frames missing from the events`);
    duplicates += frames.length - seen.size;
    workersByStream.set(stream, new Set(frames.map((message) => message.worker)));
  }
  return { duplicates, workersByStream };
}

function report(t: TestContext, what: string, messages: readonly StoredMessage[], duplicates: number): void {
  const frames = messages.filter((message) => message.frame !== null).length;
  t.diagnostic(`${what}: ${frames} frame messages, ${duplicates} duplicates (${((100 * duplicates) / frames).toFixed(1)}%), at-least-once`);
}

describe('a cluster on NATS JetStream: a gateway, two workers, four file streams', { skip: missingTools('nats-server') }, () => {
  /** A cluster of the test's own, stopped when the test ends, whatever its outcome: a failed test leaves no process behind. */
  async function startRun(t: TestContext): Promise<Run> {
    const run = await Run.start();
    t.after(() => run.stop());
    return run;
  }

  it('moves the streams of a worker killed with SIGKILL to the other; every frame appears in the events', async (t) => {
    const run = await startRun(t);
    await run.startStreams();
    const victim = await run.streamPartWayOn('w1');
    const killedAt = Date.now();
    run.workers.w1.child.kill('SIGKILL');
    const sessions = await run.allEnded(240_000);
    assert.deepEqual(sessions.map((session) => session.endReason), sessions.map(() => 'ended'));
    const messages = await readEvents(run.nats);
    const { duplicates, workersByStream } = checkEveryFrame(run, messages);
    assert.deepEqual([...workersByStream.get(victim)!].sort(), ['w1', 'w2'], 'the killed worker\'s stream was finished by the other');
    const resumed = messages.find((message) => message.stream === victim && message.worker === 'w2')!;
    t.diagnostic(`the killed worker's stream resumed on w2 ${((resumed.storedAtMs - killedAt) / 1000).toFixed(1)} s after the kill`);
    report(t, 'SIGKILL', messages, duplicates);
  });

  it('moves the streams of a worker frozen with SIGSTOP; once thawed it publishes nothing for streams it lost', async (t) => {
    const run = await startRun(t);
    await run.startStreams();
    const victim = await run.streamPartWayOn('w1');
    const frozenAt = Date.now();
    run.workers.w1.child.kill('SIGSTOP');
    // Frozen well past its lease, so its streams have moved.
    await waitFor('the frozen worker\'s stream to move', async () => ((await run.sessions()).find((session) => session.id === victim)?.worker === 'w2' ? true : undefined), 30_000);
    const thawedAt = Date.now();
    run.workers.w1.child.kill('SIGCONT');
    const sessions = await run.allEnded(240_000);
    assert.deepEqual(sessions.map((session) => session.endReason), sessions.map(() => 'ended'));
    const messages = await readEvents(run.nats);
    const { duplicates } = checkEveryFrame(run, messages);
    const fromFrozen = messages.filter((message) => message.worker === 'w1' && message.stream === victim);
    assert.ok(fromFrozen.every((message) => Number.isFinite(message.sentAtMs)), 'every message says when it was sent');
    // A message handed to the bus just before the freeze may reach the server after the thaw; none is sent after.
    assert.deepEqual(fromFrozen.filter((message) => message.sentAtMs > frozenAt), [], 'the thawed worker published for a stream it had lost');
    t.diagnostic(`SIGSTOP: ${fromFrozen.filter((message) => message.storedAtMs > thawedAt).length} message(s) sent before the freeze reached the server after the thaw`);
    report(t, 'SIGSTOP', messages, duplicates);
  });

  it('rides out a restart of nats-server: workers and the gateway reconnect, and no stream is lost', async (t) => {
    const run = await startRun(t);
    const ids = await run.startStreams();
    await run.streamPartWayOn('w1');
    await run.nats.restart(1000);
    const sessions = await run.allEnded(240_000);
    assert.deepEqual(sessions.map((session) => session.id).sort(), [...ids].sort());
    assert.deepEqual(sessions.map((session) => session.endReason), sessions.map(() => 'ended'));
    const messages = await readEvents(run.nats);
    const { duplicates } = checkEveryFrame(run, messages);
    report(t, 'nats-server restart', messages, duplicates);
  });
});

const CHROMIUM = '/usr/bin/chromium';

describe('a cluster with less room than streams', { skip: missingTools('nats-server') || (existsSync(CHROMIUM) ? false : `${CHROMIUM} is missing (apt-get install chromium)`) }, () => {
  it('keeps the stream no worker has room for waiting, says so over the API and in the dashboard, and takes no more than its quota', async () => {
    const nats = await TestNats.start();
    const { gateway, url } = await startGateway(nats, DATA, { HANDFLOW_CLUSTER_MAX_OPEN_STREAMS: '2' });
    const worker = await startWorker(nats, 'only', DATA, 1);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless=new', '--no-sandbox'] });
    try {
      const request = (path: string): Promise<Response> => {
        const body = JSON.stringify({ source: { type: 'file', path, realtime: true }, project: 'finger-counter' });
        return fetch(`${url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      };
      const start = async (path: string): Promise<SessionInfo> => {
        const response = await request(path);
        assert.equal(response.status, 201);
        return (await response.json()) as SessionInfo;
      };
      const first = await start(VIDEOS[0]!);
      await waitFor('the first stream to run', async () => ((await (await fetch(`${url}/api/sessions/${first.id}`)).json()) as SessionInfo).worker === 'only' || undefined, 30_000);
      const second = await start(VIDEOS[1]!);
      assert.equal(second.state, 'waiting');
      const third = await request(VIDEOS[2]!);
      assert.equal(third.status, 429);
      assert.match(((await third.json()) as { code: string; message: string }).message, /2 cluster streams are running or waiting, the most this gateway takes \(cluster\.maxOpenStreams\)/);
      const status = await waitFor('the cluster to report a stream waiting', async () => {
        const reported = (await (await fetch(`${url}/api/cluster`)).json()) as { waiting: number; running: number; workers: { id: string; streams: number }[] };
        return reported.waiting === 1 && reported.workers.length === 1 ? reported : undefined;
      }, 10_000);
      assert.equal(status.running, 1);
      const page = await browser.newPage();
      await page.goto(url);
      await page.waitForFunction(`document.querySelector('#cluster')?.textContent?.includes('1 waiting for a worker with room')`, undefined, { timeout: 10_000 });
      assert.match((await page.textContent('#cluster')) ?? '', /^Cluster: 1 worker · 1 running · 1 waiting/);
      // Once the first ends, the worker has room and takes the waiting one.
      await waitFor('the waiting stream to be taken', async () => ((await (await fetch(`${url}/api/sessions/${second.id}`)).json()) as SessionInfo).worker === 'only' || undefined, 60_000);
    } finally {
      await browser.close();
      await worker.stop();
      await gateway.stop();
      await nats.stop();
    }
  });
});
