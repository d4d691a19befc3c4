import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { it } from 'node:test';
import { Worker } from 'node:worker_threads';

import { median } from '../cli/statistics.js';
import { scratchFolder } from '../testing/scratch.js';
import { sharedData } from '../testing/shared-data.js';
import { resolveFfmpegPath } from './ffmpeg-binary.js';
import { openSource } from './open-source.js';

const FPS = 25;
/** What a slow machine's models take a frame, blocking the thread they run on: 2.5 frames of the camera. */
const WORK_MS = 100;
const scratch = scratchFolder('handflow-live-backlog-');

it('keeps a pipeline slower than its camera on recent frames: it falls no further behind, and drops are counted', { timeout: 60_000 }, async (t) => {
  // Six seconds of the shared open-hand video as a camera's encoder sends it, from a server on another thread.
  const path = join(scratch.path, 'camera.ts');
  execFileSync(resolveFfmpegPath(), ['-v', 'error', '-i', sharedData('mediapipe-samples/open_hand_video.mp4'), '-t', '6', '-an', '-c:v', 'libx264', '-tune', 'zerolatency', '-r', String(FPS), '-f', 'mpegts', path]);
  const camera = new Worker(new URL('../testing/paced-stream-thread.js', import.meta.url), { workerData: { path, fps: FPS } });
  try {
    const { url, frames: sent } = await new Promise<{ url: string; frames: number }>((resolve) => camera.once('message', resolve));
    const source = openSource({ kind: 'network', url }, { reconnect: { maxAttempts: 0 } });
    await source.start();
    // How far each frame handed over is behind the stream: wall time since the first frame, less stream time.
    const behind: { atMs: number; behindMs: number }[] = [];
    let first: { wall: number; stream: number } | undefined;
    try {
      for (let frame = await source.getFrame(); frame !== undefined; frame = await source.getFrame()) {
        const now = performance.now();
        first ??= { wall: now, stream: frame.timestamp };
        behind.push({ atMs: now - first.wall, behindMs: now - first.wall - (frame.timestamp - first.stream) });
        const until = performance.now() + WORK_MS;
        while (performance.now() < until);
      }
    } catch (error) {
      assert.match(String(error), /the stream ended; reconnection is off/);
    } finally {
      await source.stop();
    }
    const early = median(behind.filter(({ atMs }) => atMs < 1500).map(({ behindMs }) => behindMs));
    const late = median(behind.filter(({ atMs }) => atMs > 4000).map(({ behindMs }) => behindMs));
    const { captured, dropped } = source.stats;
    t.diagnostic(`${behind.length} frames handed over, ${dropped} dropped of ${captured} read (${sent} sent); behind the stream by ${early.toFixed(0)} ms early on, ${late.toFixed(0)} ms at the end`);
    // Without a reader of its own, the stream piled up before ffmpeg: 3.6 s further behind by the end.
    assert.ok(late - early < 2 * (1000 / FPS), `the pipeline fell ${(late - early).toFixed(0)} ms further behind the camera`);
    assert.ok(captured >= sent * 0.95, `${captured} of ${sent} frames read`);
    assert.equal(behind.length + dropped, captured, 'every frame read is handed over or counted as dropped');
    assert.ok(dropped >= captured / 2, `a pipeline at 10 frames a second drops more than half of 25: ${dropped}`);
  } finally {
    camera.postMessage('stop');
    await new Promise((resolve) => camera.once('exit', resolve));
  }
});

it('keeps the frames of a stream that comes in bursts, when the pipeline keeps up with it', { timeout: 60_000 }, async (t) => {
  // Six seconds sent 16 frames at once every 640 ms, as an MPEG-TS muxer holding video back for its audio does.
  const path = join(scratch.path, 'bursts.ts');
  execFileSync(resolveFfmpegPath(), ['-v', 'error', '-i', sharedData('mediapipe-samples/open_hand_video.mp4'), '-t', '6', '-an', '-c:v', 'libx264', '-tune', 'zerolatency', '-r', String(FPS), '-f', 'mpegts', path]);
  const camera = new Worker(new URL('../testing/paced-stream-thread.js', import.meta.url), { workerData: { path, fps: FPS, burst: 16 } });
  try {
    const { url } = await new Promise<{ url: string }>((resolve) => camera.once('message', resolve));
    const source = openSource({ kind: 'network', url }, { reconnect: { maxAttempts: 0 } });
    await source.start();
    let handed = 0;
    try {
      for (let frame = await source.getFrame(); frame !== undefined; frame = await source.getFrame()) {
        handed += 1;
        // A model's few milliseconds a frame: a fifth of the stream's frame interval.
        const until = performance.now() + 8;
        while (performance.now() < until);
      }
    } catch (error) {
      assert.match(String(error), /the stream ended; reconnection is off/);
    } finally {
      await source.stop();
    }
    const { captured, dropped } = source.stats;
    t.diagnostic(`${handed} frames handed over, ${dropped} dropped of ${captured} read`);
    // Held to the buffer's 3 frames, each burst lost most of its frames: 43% of a real stream's.
    assert.ok(dropped <= captured * 0.1, `${dropped} of ${captured} frames dropped though the pipeline keeps up`);
  } finally {
    camera.postMessage('stop');
    await new Promise((resolve) => camera.once('exit', resolve));
  }
});
