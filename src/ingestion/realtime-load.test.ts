import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { loadEveryCore } from '../testing/cpu-load.js';
import { repoRoot, sharedData } from '../testing/shared-data.js';
import { scratchFolder } from '../testing/scratch.js';

const ASL = sharedData('landmarks-reference/asl_hand.25fps.mp4');
const ASL_MS = 13_000;
const ASL_FRAMES = 325;

const scratch = scratchFolder('handflow-realtime-');

interface Summary {
  reason: string;
  durationMs: number;
  frames: { processed: number; dropped: number; errored: number };
  metrics: { frameAge: { p95Ms: number; count: number } };
}

/** `handflow run --source <video> --realtime --json` in a clean environment; resolves with its summary line. */
function runRealtime(video: string): Promise<Summary> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin/handflow.js'), 'run', '--source', video, '--realtime', '--json'], {
      cwd: scratch.path,
      env: { PATH: process.env['PATH'] ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.once('error', reject);
    child.once('close', (code) => {
      if (code !== 0) return reject(new Error(`handflow run exited with ${code}: ${stderr}`));
      resolve(JSON.parse(stdout.trim().split('\n').at(-1)!) as Summary);
    });
  });
}

describe('a video played in real time on a busy machine', () => {
  it('keeps to the video\'s clock: ends on time, drops what it cannot process, works on recent frames', { timeout: 60_000 }, async (t) => {
    // Two spinning processes per core: the pipeline gets too little CPU to process every frame in time.
    const load = loadEveryCore(2);
    let summary: Summary;
    try {
      summary = await runRealtime(ASL);
    } finally {
      await load.stop();
    }
    const { processed, dropped, errored } = summary.frames;
    const report = `${processed} processed + ${dropped} dropped in ${summary.durationMs.toFixed(0)} ms, frame age p95 ${summary.metrics.frameAge.p95Ms.toFixed(0)} ms`;
    t.diagnostic(report);
    assert.equal(summary.reason, 'ended', report);
    assert.equal(processed + dropped + errored, ASL_FRAMES, `every frame is accounted for: ${report}`);
    assert.ok(summary.durationMs <= ASL_MS * 1.1, `ends within 10% of the video's 13 s: ${report}`);
    assert.ok(dropped > 0, `frames are dropped under load: ${report}`);
    assert.ok(processed >= ASL_FRAMES / 10, `the pipeline keeps processing frames: ${report}`);
    assert.equal(summary.metrics.frameAge.count, processed, 'the age of every processed frame is measured');
    assert.ok(summary.metrics.frameAge.p95Ms < 300, `frames are recent when processed: ${report}`);
  });
});
