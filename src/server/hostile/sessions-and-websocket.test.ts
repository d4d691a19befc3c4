import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, beforeEach, describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Worker } from 'node:worker_threads';

import sharp from 'sharp';
import { WebSocket } from 'ws';

import { repoRoot } from '../../testing/shared-data.js';
import { waitFor } from '../../testing/wait-for.js';
import { sessionCapacity } from '../sessions/session-capacity.js';
import { startServer, type RunningServer } from '../start-server.js';
import type { FloodOptions, FloodReport } from '../testing/flood-client.js';
import { testServerOptions } from '../testing/test-server.js';
import type { ProblemMessage, ServerMessage } from '../ws/protocol.js';
import { encodeUploadFrame } from '../ws/upload-frame-format.js';
import { manyScansJpeg } from '../../testing/many-scans-jpeg.js';
import { MAX_UPLOAD_FRAME_BYTES } from '../ws/upload-frame.js';

/** A real server on 127.0.0.1 with the real pipeline and output stage; `close` stops it and removes its scratch folder. */
async function runServer(overrides: Parameters<typeof testServerOptions>[0] = {}): Promise<{ server: RunningServer; base: string; close(): Promise<void> }> {
  const options = await testServerOptions(overrides);
  const server = await startServer({ ...options, host: '127.0.0.1', port: 0, configFolder: options.scratch });
  const close = async () => {
    await server.app.close();
    options.removeScratch();
  };
  return { server, base: new URL(server.url).origin, close };
}

const post = (url: string, body?: unknown) =>
  fetch(url, { method: 'POST', ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }) });

/** A WebSocket client keeping the text messages it gets and how it was closed. */
class Client {
  readonly messages: ServerMessage[] = [];
  closeCode: number | undefined;
  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data, isBinary) => {
      if (!isBinary) this.messages.push(JSON.parse(String(data)) as ServerMessage);
    });
    socket.on('close', (code) => (this.closeCode = code));
  }

  static open(url: string): Promise<Client> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      socket.once('open', () => resolve(new Client(socket)));
      socket.once('error', reject);
    });
  }

  problems(): ProblemMessage[] {
    return this.messages.filter((message): message is ProblemMessage => message.channel === 'problem');
  }
}

/** Opens a WebSocket expecting a refusal before the upgrade: its HTTP status and JSON body. */
function refusedUpgrade(url: string): Promise<{ status: number; body: { code: string; message: string } }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.on('open', () => reject(new Error('the connection was accepted')));
    socket.on('unexpected-response', (_request, response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => {
        resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) as { code: string; message: string } });
        socket.terminate();
      });
    });
    socket.on('error', reject);
  });
}

/** This process's threads: the main one, libuv's pool, V8's, and every worker (the models' among them). */
const threadCount = () => readdirSync('/proc/self/task').length;

describe('a session start that fails', () => {
  it('is refused with ACTIONS_UNAVAILABLE when its actions cannot be armed, and leaves no models, threads or armed actions behind', async () => {
    const display = process.env['DISPLAY'];
    delete process.env['DISPLAY'];
    const { base, close } = await runServer({ maxSessions: 4 });
    try {
      assert.equal((await post(`${base}/api/actions/arm`)).status, 200);
      const startMouse = async () => {
        const response = await post(`${base}/api/sessions`, { source: { type: 'browser' }, project: 'virtual-mouse' });
        return { status: response.status, body: (await response.json()) as { code: string; message: string } };
      };
      await startMouse(); // loads what any first session loads, once
      const threads = threadCount();
      const resources = process.getActiveResourcesInfo().length;
      for (let attempt = 0; attempt < 10; attempt += 1) {
        const { status, body } = await startMouse();
        assert.equal(status, 422);
        assert.equal(body.code, 'ACTIONS_UNAVAILABLE');
        assert.match(body.message, /DISPLAY/);
        assert.match(body.message, /disarm/);
      }
      assert.ok(threadCount() <= threads + 2, `threads went from ${threads} to ${threadCount()} over 10 refused starts`);
      assert.ok(process.getActiveResourcesInfo().length <= resources + 2, `active resources went from ${resources} to ${process.getActiveResourcesInfo().length}`);
      assert.deepEqual(await (await fetch(`${base}/api/sessions`)).json(), { sessions: [] }, 'no refused session is listed');

      // The switch holds nothing of them: a session without actions starts armed, and arming again works.
      const started = await post(`${base}/api/sessions`, { source: { type: 'browser' }, project: 'finger-counter' });
      assert.equal(started.status, 201);
      assert.equal((await post(`${base}/api/actions/disarm`)).status, 200);
      const armed = await post(`${base}/api/actions/arm`);
      assert.equal(armed.status, 200, JSON.stringify(await armed.clone().json()));
      assert.deepEqual(await armed.json(), { armed: true });
    } finally {
      if (display !== undefined) process.env['DISPLAY'] = display;
      const closing = Date.now();
      await close();
      assert.ok(Date.now() - closing < 5000, `the server took ${Date.now() - closing} ms to close`);
    }
  });
});

describe('sessions that have ended', () => {
  it('keep their metrics but not their models: buffers do not grow over start and stop cycles', async () => {
    setFlagsFromString('--expose-gc');
    const collectGarbage = runInNewContext('gc') as () => void;
    const { base, close } = await runServer({ maxSessions: 2 });
    const cycle = async () => {
      const ids: string[] = [];
      for (let session = 0; session < 2; session += 1) ids.push(((await (await post(`${base}/api/sessions`, { source: { type: 'browser' } })).json()) as { id: string }).id);
      for (const id of ids) await post(`${base}/api/sessions/${id}/stop`);
      collectGarbage();
      return process.memoryUsage().arrayBuffers;
    };
    try {
      const first = await cycle();
      let last = first;
      for (let round = 0; round < 5; round += 1) last = await cycle();
      // Closed model threads give their buffers back a little later on a busy machine: look again for up to 3 s.
      for (let look = 0; look < 30 && last - first >= 2 * 1024 * 1024; look += 1) {
        await delay(100);
        collectGarbage();
        last = process.memoryUsage().arrayBuffers;
      }
      // Each ended session kept its models' input buffers (about 1 MB) before.
      assert.ok(last - first < 2 * 1024 * 1024, `array buffers grew by ${((last - first) / 1024 / 1024).toFixed(1)} MB over 10 ended sessions`);
      const listed = (await (await fetch(`${base}/api/sessions`)).json()) as { sessions: { state: string; metrics: unknown }[] };
      assert.equal(listed.sessions.length, 12);
      assert.ok(listed.sessions.every((session) => session.state === 'ended' && session.metrics !== undefined));
    } finally {
      await close();
    }
  });
});

describe('a hostile WebSocket client', () => {
  // Each test has a server of its own, so connections left from another do not count against the cap.
  let base: string;
  let ws: string;
  let close = async (): Promise<void> => {};
  const clients: Client[] = [];
  const connect = async () => {
    const client = await Client.open(`${ws}/ws`);
    clients.push(client);
    return client;
  };

  beforeEach(async () => {
    const running = await runServer({ maxSessions: 2, maxConnections: 3 });
    ({ base, close } = running);
    ws = base.replace('http', 'ws');
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.socket.terminate();
    await close();
  });

  it('that floods small malformed messages is told it is rate limited, then closed (1008), while /api/health stays fast', async () => {
    const worker = new Worker(new URL('../testing/flood-client.js', import.meta.url), { workerData: { url: `${ws}/ws`, count: 100_000, waitMs: 5000 } satisfies FloodOptions });
    const flooded = new Promise<FloodReport>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    let done = false;
    void flooded.finally(() => (done = true));
    const latencies: number[] = [];
    while (!done) {
      const started = performance.now();
      assert.equal((await fetch(`${base}/api/health`)).status, 200);
      latencies.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const report = await flooded;
    await worker.terminate();
    latencies.sort((a, b) => a - b);
    const p95 = latencies[Math.floor(latencies.length * 0.95)] ?? 0;
    assert.equal(report.closeCode, 1008, `closed with ${report.closeCode} after ${report.sent} messages`);
    assert.equal(report.problems.filter((code) => code === 'RATE_LIMITED').length, 1, 'told once that it is over the limit');
    // Its burst is answered (and what the buckets refill while it floods); the rest is dropped unread.
    assert.ok(report.problems.length < 1000, `${report.problems.length} of ${report.sent} messages answered`);
    // Unchecked, the flood held /api/health for seconds (10.9 s); the bound leaves room for a loaded test machine.
    assert.ok(p95 < 1000, `/api/health p95 ${p95.toFixed(0)} ms over ${latencies.length} requests`);
  });

  it('over the connection cap is refused before the upgrade with 503 TOO_MANY_CONNECTIONS', async () => {
    for (let opened = 0; opened < 3; opened += 1) await connect();
    const refused = await refusedUpgrade(`${ws}/ws`);
    assert.equal(refused.status, 503);
    assert.equal(refused.body.code, 'TOO_MANY_CONNECTIONS');
    assert.match(refused.body.message, /3 WebSocket clients/);
    clients.pop()!.socket.close();
    await waitFor('a place to free up', async () => (await Client.open(`${ws}/ws`).then((client) => (clients.push(client), true), () => undefined)));
  });

  it('sending a message over the size limit is told BODY_TOO_LARGE before the close (1009)', async () => {
    const client = await connect();
    client.socket.send(Buffer.alloc(MAX_UPLOAD_FRAME_BYTES + 64 * 1024));
    await waitFor('the close', () => client.closeCode);
    assert.equal(client.closeCode, 1009);
    const [problem] = client.problems();
    assert.equal(problem?.code, 'BODY_TOO_LARGE');
    assert.match(problem.message, new RegExp(String(MAX_UPLOAD_FRAME_BYTES)));
  });

  it('sending camera frames that cannot be decoded (garbage, an SVG, an 8000x8000 JPEG) is told why, and they count as errored', async () => {
    const response = await post(`${base}/api/sessions`, { source: { type: 'browser' }, project: 'finger-counter' });
    assert.equal(response.status, 201);
    const { id } = (await response.json()) as { id: string };
    const client = await connect();
    client.socket.send(JSON.stringify({ type: 'subscribe', sessionId: id }));
    client.socket.send(encodeUploadFrame(id, 1, Buffer.from('not a jpeg at all')));
    // An SVG whose filter sharp would spend seconds of CPU drawing: it is not a camera frame.
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="4000" height="2000"><filter id="b"><feGaussianBlur stdDeviation="900"/></filter><rect width="4000" height="2000" filter="url(#b)"/></svg>';
    client.socket.send(encodeUploadFrame(id, 2, Buffer.from(svg)));
    const huge = await sharp({ create: { width: 8000, height: 8000, channels: 3, background: '#808080' } }).jpeg({ quality: 10 }).toBuffer();
    assert.ok(huge.length < MAX_UPLOAD_FRAME_BYTES);
    client.socket.send(encodeUploadFrame(id, 3, huge));
    // A time past the largest whole number a double holds: added up, it overflowed a moving gesture's path.
    client.socket.send(encodeUploadFrame(id, 1.5e307, huge));
    const problems = await waitFor('four problems', () => (client.problems().length >= 4 ? client.problems() : undefined), 10_000);
    assert.deepEqual(problems.map((problem) => problem.code), ['INVALID_REQUEST', 'INVALID_REQUEST', 'INVALID_REQUEST', 'INVALID_REQUEST']);
    assert.ok(problems.some((problem) => /its header is wrong \(timestampMs: /.test(problem.message)), 'the time is refused');
    assert.equal(problems.filter((problem) => /a camera frame is not a JPEG/.test(problem.message)).length, 2, 'the garbage and the SVG, before any decoding');
    assert.ok(problems.some((problem) => /a camera frame could not be decoded \(.*exceeds pixel limit/.test(problem.message)), 'the large one is refused for its size');
    const info = (await (await fetch(`${base}/api/sessions/${id}`)).json()) as { metrics: { frames: { errored: number } } };
    assert.equal(info.metrics.frames.errored, 3);
    await waitFor('a metrics message counting all three', () => client.messages.find((message) => message.channel === 'metrics' && message.frames.errored === 3), 5000);
    await post(`${base}/api/sessions/${id}/stop`);
  });
  it('sending a JPEG of thousands of scans (seconds of decoding each) is told why at once, and nothing is decoded', async () => {
    const response = await post(`${base}/api/sessions`, { source: { type: 'browser' }, project: 'finger-counter' });
    const { id } = (await response.json()) as { id: string };
    const client = await connect();
    const crafted = await manyScansJpeg(3840, 2160, 2000);
    assert.ok(crafted.length < MAX_UPLOAD_FRAME_BYTES);
    client.socket.send(encodeUploadFrame(id, 1, crafted));
    const [problem] = await waitFor('the refusal', () => (client.problems().length > 0 ? client.problems() : undefined), 10_000);
    assert.equal(problem?.code, 'INVALID_REQUEST');
    assert.match(problem.message, /a camera frame is a JPEG of more than 64 scans, which takes seconds to decode: send baseline JPEG frames/);
    await post(`${base}/api/sessions/${id}/stop`);
  });
});

describe('a WebSocket client that stops answering (its machine asleep, or off the network)', () => {
  it('is cut off after a missed ping, freeing its place, while a client that answers stays', async () => {
    const { base, close } = await runServer({ maxConnections: 2, pingIntervalMs: 300 });
    const ws = `${base.replace('http', 'ws')}/ws`;
    const answering = await Client.open(ws);
    // ws answers pings by itself unless told not to: this one stands for a client that no longer can.
    const silent = await new Promise<WebSocket>((resolve, reject) => {
      const socket = new WebSocket(ws, { autoPong: false });
      socket.once('open', () => resolve(socket));
      socket.once('error', reject);
    });
    try {
      assert.equal((await refusedUpgrade(ws)).status, 503, 'both places taken');
      const closed = await new Promise<number>((resolve) => silent.once('close', resolve));
      assert.equal(closed, 1006, 'cut off, without a close handshake');
      assert.equal(answering.socket.readyState, WebSocket.OPEN);
      const third = await Client.open(ws);
      third.socket.terminate();
    } finally {
      answering.socket.terminate();
      silent.terminate();
      await close();
    }
  });
});

describe('handflow serve --max-sessions', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'handflow-serve-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('above what the machine can serve is cut to its capacity, with a warning naming it', async () => {
    const capacity = sessionCapacity();
    const child = spawn(process.execPath, [join(repoRoot, 'bin/handflow.js'), 'serve', '--port', '0', '--max-sessions', '64', '--log-level', 'silent'], {
      cwd: scratch,
      env: { PATH: process.env['PATH'] ?? '', HANDFLOW_HOME: join(scratch, 'home') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
    try {
      const base = await waitFor('the dashboard address', () => /dashboard at (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1], 20_000);
      assert.match(stderr, new RegExp(`--max-sessions 64 is more than this machine can serve \\(${availableParallelism()} cores, \\d+ sessions a core: ${capacity}\\)`));
      const ids: string[] = [];
      for (let session = 0; session < capacity; session += 1) {
        const started = await post(`${base}/api/sessions`, { source: { type: 'browser' } });
        assert.equal(started.status, 201);
        ids.push(((await started.json()) as { id: string }).id);
      }
      const refused = await post(`${base}/api/sessions`, { source: { type: 'browser' } });
      assert.equal(refused.status, 429);
      assert.equal(((await refused.json()) as { code: string }).code, 'TOO_MANY_SESSIONS');
    } finally {
      child.kill('SIGINT');
      assert.equal(await exited, 0);
    }
  });
});
