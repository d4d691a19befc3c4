import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { after, afterEach, before, describe, it } from 'node:test';

import type { Point } from '../../extraction/geometry/types.js';
import { landmarkFeatures } from '../../inference/custom/landmark-features.js';
import { MAX_SAMPLES, MAX_SAMPLES_PER_GESTURE } from '../../inference/custom/sample-limits.js';
import { sharedData } from '../../testing/shared-data.js';
import { callJson as call, listeningTestServer, OPEN_HAND_VIDEO, type JsonAnswer as Answer } from '../testing/test-server.js';

/** A body stalled this long is cut: short, so that a training (hundreds of ms) outlasts it many times. */
const STALL_MS = 100;

/** A server on 127.0.0.1 with a short body stall timeout. */
const serve = () => listeningTestServer({ bodyPace: { stallMs: STALL_MS, graceMs: 60_000, minBytesPerSecond: 16 * 1024 } });

/** A request written by hand with exactly these header lines (no content-length unless given), answered once the server closes. */
function bareRequest(port: number, requestLine: string, headers: readonly string[] = []): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.write(`${[`${requestLine} HTTP/1.1`, `Host: 127.0.0.1:${port}`, 'Connection: close', ...headers].join('\r\n')}\r\n\r\n`);
    socket.setTimeout(30_000, () => socket.destroy(new Error(`no answer to ${requestLine} in 30 s`)));
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('utf8')));
    socket.on('error', reject);
    socket.on('close', () => {
      const split = received.indexOf('\r\n\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1]);
      try {
        resolve({ status, body: JSON.parse(received.slice(split + 4)) as Answer['body'] });
      } catch {
        reject(new Error(`not a JSON answer: ${JSON.stringify(received.slice(0, 300))}`));
      }
    });
  });
}

function assertRefused(answer: Answer, status: number, code: string, hint?: RegExp): void {
  assert.equal(answer.status, status, JSON.stringify(answer.body));
  assert.deepEqual(Object.keys(answer.body).sort(), ['code', 'message']);
  assert.equal(answer.body.code, code);
  if (hint !== undefined) assert.match(String(answer.body.message), hint);
}

/** Real hand poses, as features: rows `from` to `from + count` of one label of the Kazuhito00 keypoints. */
function poses(label: number, from: number, count: number): number[][] {
  const rows = readFileSync(sharedData('landmark-datasets/kazuhito00/keypoint.csv'), 'utf8')
    .split(/\r?\n/)
    .filter((line) => line.startsWith(`${label},`))
    .slice(from, from + count)
    .map((line) => line.split(',').slice(1).map(Number));
  assert.equal(rows.length, count, `the shared data has too few rows of label ${label}`);
  return rows.map((values) => landmarkFeatures(Array.from({ length: values.length / 2 }, (_, i): Point => ({ x: values[2 * i]!, y: values[2 * i + 1]! }))));
}

/** Writes the server's gestures file with these static gestures. */
function seed(path: string, gestures: Record<string, number[][]>): void {
  const file = { format: 'handflow-gestures', version: 1, gestures: Object.entries(gestures).map(([name, samples]) => ({ name, kind: 'static', samples })) };
  writeFileSync(path, JSON.stringify(file));
}

/** The most samples the caps allow: four real static gestures at the per-gesture cap (open, close, pointer, and open again). */
function largestAllowed(): Record<string, number[][]> {
  const full = MAX_SAMPLES_PER_GESTURE;
  const gestures = { open: poses(0, 0, full), close: poses(1, 0, full), pointer: poses(2, 0, full), open_far: poses(0, full, full) };
  assert.equal(Object.values(gestures).flat().length, MAX_SAMPLES, 'the seeded gestures should be exactly the total cap');
  return gestures;
}

describe('custom gestures asked for more than they need', () => {
  let server: Awaited<ReturnType<typeof serve>>;
  const sessions: string[] = [];
  before(async () => {
    server = await serve();
  });
  after(() => server.close());
  afterEach(async () => {
    for (const id of sessions.splice(0)) await call(server.base, 'POST', `/api/sessions/${id}/stop`);
  });

  async function session(): Promise<string> {
    const started = await call(server.base, 'POST', '/api/sessions', { source: { type: 'file', path: sharedData(OPEN_HAND_VIDEO) } });
    assert.equal(started.status, 201, JSON.stringify(started.body));
    sessions.push(String(started.body.id));
    return String(started.body.id);
  }

  it('refuses samples recorded past a gesture’s cap, saying the cap and what to do, and keeps none of them', async () => {
    seed(server.gesturesFile, { open: poses(0, 0, MAX_SAMPLES_PER_GESTURE - 1) });
    const refused = await call(server.base, 'POST', '/api/gestures/open/samples', { sessionId: await session(), frames: 6 });
    assertRefused(refused, 413, 'TOO_MANY_SAMPLES', new RegExp(`gesture "open" has ${MAX_SAMPLES_PER_GESTURE - 1} samples, and \\d+ more would pass the ${MAX_SAMPLES_PER_GESTURE} a gesture may have`));
    assert.match(String(refused.body.message), /DELETE \/api\/gestures\/\{name\}/);
    const { gestures } = (await call(server.base, 'GET', '/api/gestures')).body as { gestures: { samples: number }[] };
    assert.equal(gestures[0]!.samples, MAX_SAMPLES_PER_GESTURE - 1);
  });

  it('refuses a new gesture at once when all of them together are at the cap', async () => {
    seed(server.gesturesFile, largestAllowed());
    const started = performance.now();
    const refused = await call(server.base, 'POST', '/api/gestures/wave/samples', { sessionId: await session(), frames: 300 });
    assertRefused(refused, 413, 'TOO_MANY_SAMPLES', new RegExp(`the gestures have ${MAX_SAMPLES} samples in all, and 1 more would pass the ${MAX_SAMPLES} they may have together`));
    // Before the 300 frames (12 s of video) were waited for.
    assert.ok(performance.now() - started < 5000, `refused after ${performance.now() - started} ms`);
  });

  it('refuses a second recording from a session while one runs, as the two would add the same frames twice', async () => {
    seed(server.gesturesFile, {});
    const sessionId = await session();
    const answers = await Promise.all([call(server.base, 'POST', '/api/gestures/open/samples', { sessionId, frames: 6 }), call(server.base, 'POST', '/api/gestures/other/samples', { sessionId, frames: 6 })]);
    const refused = answers.find((answer) => answer.status !== 200);
    assert.ok(refused !== undefined, 'both recordings were taken');
    assertRefused(refused, 409, 'RECORDING_IN_PROGRESS', new RegExp(`session ${sessionId} is already being recorded from: wait`));
    assert.equal(answers.filter((answer) => answer.status === 200).length, 1, JSON.stringify(answers));
  });

  it('trains the largest sample set allowed while health checks still answer at once', async (t) => {
    seed(server.gesturesFile, largestAllowed());
    const started = performance.now();
    let trained: Answer | undefined;
    const training = call(server.base, 'POST', '/api/gestures/train').then((answer) => {
      trained = answer;
      return performance.now() - started;
    });
    const healthMs: number[] = [];
    while (trained === undefined) {
      const asked = performance.now();
      assert.equal((await call(server.base, 'GET', '/api/health')).status, 200);
      healthMs.push(performance.now() - asked);
    }
    const trainingMs = await training;
    assert.equal(trained.status, 200, JSON.stringify(trained.body));
    assert.deepEqual(trained.body.models, [{ kind: 'static', gestures: 4, samples: MAX_SAMPLES, k: 3, accuracy: (trained.body.models as { accuracy: number }[])[0]!.accuracy }]);
    const slowest = Math.max(...healthMs);
    t.diagnostic(`training ${MAX_SAMPLES} samples: ${trainingMs.toFixed(0)} ms; ${healthMs.length} health checks meanwhile, the slowest ${slowest.toFixed(0)} ms`);
    // On the server's own thread, one health check waits out (nearly) the whole training.
    assert.ok(slowest < 1000 && slowest < trainingMs / 3, `the slowest of ${healthMs.length} health checks took ${slowest.toFixed(0)} ms, while training took ${trainingMs.toFixed(0)} ms`);
  });

  it('answers a bodiless POST that takes longer than the body stall timeout, instead of cutting it as a stalled body', async () => {
    seed(server.gesturesFile, largestAllowed());
    for (const headers of [[], ['Content-Length: 0']]) {
      const started = performance.now();
      const trained = await bareRequest(server.port, 'POST /api/gestures/train', headers);
      const tookMs = performance.now() - started;
      assert.equal(trained.status, 200, `${JSON.stringify(headers)}: ${JSON.stringify(trained.body)}`);
      // Else the stall timer never had the chance to fire, and this proves nothing.
      assert.ok(tookMs > 2 * STALL_MS, `training answered in ${tookMs.toFixed(0)} ms, within the stall timeout`);
    }
  });
});
