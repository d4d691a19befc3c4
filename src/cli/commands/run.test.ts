import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

import { HttpTestServer } from '../../testing/http-test-server.js';
import { hasProc, processesMentioning } from '../../testing/processes.js';
import { repoRoot, sharedData } from '../../testing/shared-data.js';

const ASL = sharedData('landmarks-reference/asl_hand.25fps.mp4');
const OPEN_HAND = sharedData('mediapipe-samples/open_hand_video.mp4');
const SWIPES = sharedData('dynamic-gestures/swipe_left_right.gif');
const scratch = mkdtempSync(join(tmpdir(), 'handflow-run-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `handflow run ...` in a clean environment; `onLine` sees each stdout line and may interrupt. A run still
 * going after `interruptAfterMs` is interrupted (Ctrl-C), so a test of one that should end fails rather than hangs.
 */
function handflowRun(
  args: string[],
  onLine: (line: string, interrupt: (signal?: NodeJS.Signals) => void, closeStdout: () => void) => void = () => {},
  interruptAfterMs = 120_000,
): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin/handflow.js'), 'run', ...args], {
      cwd: scratch,
      env: { PATH: process.env['PATH'] ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const timer = setTimeout(() => child.kill('SIGINT'), interruptAfterMs);
    child.once('close', () => clearTimeout(timer));
    let stdout = '';
    let stderr = '';
    let partial = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (text: string) => {
      stdout += text;
      const lines = (partial + text).split('\n');
      partial = lines.pop()!;
      for (const line of lines) onLine(line, (signal = 'SIGINT') => child.kill(signal), () => child.stdout.destroy());
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => (stderr += text));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const jsonLines = (stdout: string) => stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);

describe('handflow run', () => {
  it('runs the ASL clip to its end: 325 frames, processed + dropped + errored = 325', async () => {
    const { code, stdout, stderr } = await handflowRun(['--source', ASL, '--json']);
    assert.equal(code, 0, stderr);
    const lines = jsonLines(stdout);
    const frames = lines.filter((line) => line['type'] === 'frame');
    assert.equal(frames.length, 325);
    assert.deepEqual(frames.slice(0, 2).map((f) => [f['frame'], f['timestamp_ms'], f['width'], f['height']]), [[0, 0, 620, 1080], [1, 40, 620, 1080]]);
    const withHands = frames.filter((f) => (f['hands'] as unknown[]).length > 0).length;
    assert.ok(withHands > 300, `hands in ${withHands} frames`);
    const inference = frames[0]!['inference'] as { results: { gesture_type: string }[] };
    assert.equal(inference.results[0]!.gesture_type, 'finger_count');
    const summary = lines.at(-1)!;
    assert.equal(summary['type'], 'summary');
    assert.equal(summary['reason'], 'ended');
    const counts = summary['frames'] as { processed: number; dropped: number; errored: number };
    assert.equal(counts.processed + counts.dropped + counts.errored, 325);
    assert.match(stderr, /ended after [\d.]+ s: 325 processed \+ 0 dropped \+ 0 errored = 325 frames/);
  });

  it('reads a URL to a recording once, every frame and at the pipeline\'s pace, as a file, and ends', async () => {
    const clip = readFileSync(OPEN_HAND);
    const server = await HttpTestServer.start(() => ({ status: 200, headers: { 'content-type': 'video/mp4', 'content-length': String(clip.length) }, body: clip }));
    try {
      // Read as a live stream it had frames dropped, and was opened again each time it ended.
      const { code, stderr } = await handflowRun(['--source', server.urlFor('/clips/open_hand.mp4')], undefined, 60_000);
      assert.equal(code, 0, stderr);
      assert.match(stderr, /open_hand\.mp4: ended after [\d.]+ s: 202 processed \+ 0 dropped \+ 0 errored = 202 frames/);
      assert.deepEqual(server.paths, ['/clips/open_hand.mp4'], 'read once');
    } finally {
      await server.stop();
    }
  });

  it('reads a recording whose URL has a query (a signed URL) once, every frame, when told --recording', async () => {
    const clip = readFileSync(OPEN_HAND);
    const server = await HttpTestServer.start(() => ({ status: 200, headers: { 'content-type': 'video/mp4', 'content-length': String(clip.length) }, body: clip }));
    try {
      // By its form (a query) it is live: frames dropped, and opened again at its end until interrupted.
      const { code, stderr } = await handflowRun(['--source', server.urlFor('/clips/open_hand.mp4?X-Amz-Signature=0123abcd'), '--recording'], undefined, 60_000);
      assert.equal(code, 0, stderr);
      assert.match(stderr, /open_hand\.mp4\?X-Amz-Signature=\*\*\*: ended after [\d.]+ s: 202 processed \+ 0 dropped \+ 0 errored = 202 frames/);
      assert.equal(server.paths.length, 1, 'read once');
    } finally {
      await server.stop();
    }
  });

  it('refuses --recording with --live, or with a source that is not a URL, saying why', async () => {
    for (const [args, why] of [
      [['--source', 'http://127.0.0.1:9/x.mp4', '--recording', '--live'], /choose --recording or --live, not both/],
      [['--source', ASL, '--live'], /--recording and --live say what a URL serves; a file is a recording already/],
    ] as const) {
      const { code, stderr } = await handflowRun([...args]);
      assert.equal(code, 2, stderr);
      assert.match(stderr, why);
    }
  });

  // Ctrl-C, a service manager's stop and a closed terminal: each stops the run cleanly, so its actions let go of
  // anything they hold (a mouse button, a mute), which the system would keep after the process.
  for (const [signal, how] of [['SIGINT', 'Ctrl-C'], ['SIGTERM', 'a kill'], ['SIGHUP', 'a closed terminal']] as const) {
    it(`stops cleanly on ${how} with a summary, leaving no ffmpeg behind`, async () => {
      const link = join(scratch, `interrupted-${signal}-${process.pid}.mp4`);
      symlinkSync(ASL, link);
      let interrupted = false;
      let frames = 0;
      // Counted, not looked up by number: played in real time, the frames opening the video took are dropped.
      const { code, stdout, stderr } = await handflowRun(['--source', link, '--json', '--realtime'], (line, interrupt) => {
        if (line.startsWith('{"type":"frame"')) frames += 1;
        if (!interrupted && frames === 6) {
          interrupted = true;
          interrupt(signal);
        }
      });
      assert.equal(code, 0, stderr);
      const summary = jsonLines(stdout).at(-1)!;
      assert.equal(summary['reason'], 'stopped');
      const counts = summary['frames'] as { processed: number };
      assert.ok(counts.processed >= 6 && counts.processed < 325, `${counts.processed} processed`);
      assert.match(stderr, /stopping/);
      if (hasProc) assert.deepEqual(processesMentioning(link), []);
    });
  }

  it('stops cleanly when the reader of its --json lines goes (| head), with its summary on stderr', async () => {
    const link = join(scratch, `reader-gone-${process.pid}.mp4`);
    symlinkSync(ASL, link);
    let frames = 0;
    const { code, stderr } = await handflowRun(['--source', link, '--json', '--realtime'], (line, _interrupt, closeStdout) => {
      if (line.startsWith('{"type":"frame"') && ++frames === 6) closeStdout();
    });
    assert.equal(code, 0, stderr);
    assert.match(stderr, /: stopped after [\d.]+ s: \d+ processed/);
    if (hasProc) assert.deepEqual(processesMentioning(link), []);
  });

  it('reports a broken source as one error line and exit code 1', async () => {
    const text = join(scratch, 'text.mp4');
    writeFileSync(text, 'not a video\n');
    const { code, stderr } = await handflowRun(['--source', text]);
    assert.equal(code, 1);
    assert.match(stderr, /^error \[HIGH\] IngestionError: .*text\.mp4: not a readable video/m);
    assert.equal(stderr.split('not a readable video').length - 1, 1, stderr);
    assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
  });

  it('refuses a --stream-ca file it cannot read whatever the source, before opening it', async () => {
    const { code, stderr } = await handflowRun(['--source', SWIPES, '--stream-ca', join(scratch, 'nothing.pem')]);
    assert.equal(code, 1);
    assert.match(stderr, /^handflow run: --stream-ca \S+nothing\.pem/m);
    assert.doesNotMatch(stderr, /processed/, 'nothing was run');
  });

  it('takes a photo under a video\'s name for what it is, and says so', async () => {
    const photo = join(scratch, 'photo.mp4');
    writeFileSync(photo, readFileSync(sharedData('hagrid-tiles/fist.png')));
    const { code, stderr } = await handflowRun(['--source', photo]);
    assert.equal(code, 1);
    assert.match(stderr, /photo\.mp4: not a readable video: it is a PNG image, not a video: give a video, or the photo under its own name \(\.png\) to read it as a photo/);
  });

  it('stops when its output cannot be written (a full disk), saying why in one line, with exit code 1', () => {
    for (const command of [['run', '--source', SWIPES, '--json'], ['projects', 'list', '--json']]) {
      const full = openSync('/dev/full', 'w');
      try {
        const { status, stderr } = spawnSync(process.execPath, [join(repoRoot, 'bin/handflow.js'), ...command], { cwd: scratch, stdio: ['ignore', full, 'pipe'], encoding: 'utf8', timeout: 60_000 });
        assert.equal(status, 1, stderr);
        assert.match(stderr, /^handflow: cannot write the output: the disk is full$/m, command.join(' '));
        assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
      } finally {
        closeSync(full);
      }
    }
  });

  it('gives every run a session of its own, so a webhook receiver that drops keys it has seen drops no later run\'s gestures', async () => {
    const hook = await HttpTestServer.start(() => 204);
    try {
      const config = join(scratch, 'hook.config.json');
      const project = { classifiers: ['swipe'], actions: [{ type: 'webhook', on: ['swipe_left', 'swipe_right'], url: hook.url, minIntervalMs: 0 }] };
      writeFileSync(config, JSON.stringify({ projects: { 'swipe-hook': project } }));
      const keysOfRun = async (): Promise<string[]> => {
        const before = hook.requests.length;
        const { code, stderr } = await handflowRun(['--source', SWIPES, '--project', 'swipe-hook', '--config', config, '--arm']);
        assert.equal(code, 0, stderr);
        return hook.requests.slice(before).map((request) => String(request.headers['idempotency-key']));
      };
      const [first, second] = [await keysOfRun(), await keysOfRun()];
      assert.ok(first.length > 0 && first.length === second.length, `${first.length} and ${second.length} swipes posted`);
      assert.match(first[0]!, /^run-[0-9a-f]{8}\/\d+\/\d+$/);
      assert.deepEqual(first.filter((key) => second.includes(key)), [], 'no key of the first run again in the second');
    } finally {
      await hook.stop();
    }
  });

  it('names a wrong setting and where it came from, before opening anything', async () => {
    const bad = await handflowRun(['--source', ASL, '--buffer', 'lots']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^handflow run: invalid setting: capture\.bufferSize expected number, not "lots" \(from --buffer\)$/m);
    const missing = await handflowRun(['--source', join(scratch, 'nothing.mp4')]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no such file or folder: .*nothing\.mp4 \(a source is webcam/);
    const project = await handflowRun(['--source', ASL, '--project', 'nope']);
    assert.equal(project.code, 1);
    assert.match(project.stderr, /^handflow run: unknown project "nope": the projects are finger-counter, volume-control, virtual-mouse, presentation-control, gesture-notify$/m);
    const usage = await handflowRun([]);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /say what to read with --source/);
  });
});
