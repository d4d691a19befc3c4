import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { hugeVideo } from '../../testing/huge-video.js';
import { repoRoot, sharedData } from '../../testing/shared-data.js';

const run = promisify(execFile);
const CLI = join(repoRoot, 'bin', 'handflow.js');
const RECORD_KEYS = ['source', 'frame', 'timestamp_ms', 'width', 'height', 'hands', 'finger_count'];
const HAND_KEYS = ['handedness', 'score', 'box', 'landmarks', 'world_landmarks', 'finger_count', 'fingers', 'gesture'];

/** Runs `handflow analyze` and returns its exit code, JSON lines and stderr, whatever the exit code. */
async function analyze(...args: string[]): Promise<{ code: number; records: Record<string, unknown>[]; stderr: string }> {
  const result = await run(process.execPath, [CLI, 'analyze', '--json', ...args], { maxBuffer: 64 * 1024 * 1024 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
  const records = result.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
  return { code: result.code, records, stderr: result.stderr };
}

describe('handflow analyze', () => {
  let folder: string;
  before(async () => {
    // A folder of real inputs (linked, not copied), a text file posing as a photo and an unrelated file.
    folder = await mkdtemp(join(tmpdir(), 'handflow-analyze-'));
    await symlink(sharedData('landmarks-reference/hands.jpg'), join(folder, 'b-hands.jpg'));
    await symlink(sharedData('finger-count-epsrc/testing_set/0/imbk.jpg'), join(folder, 'a-empty.jpg'));
    await symlink(sharedData('dynamic-gestures/swipe_left_right.gif'), join(folder, 'c-swipe.gif'));
    await writeFile(join(folder, 'notes.txt'), 'not an input');
  });
  after(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  test('prints one record per image and per video frame, in sorted order, in the documented shape', async () => {
    const { code, records, stderr } = await analyze(folder);
    assert.equal(code, 0, stderr);
    const sources = [...new Set(records.map((record) => record.source))];
    assert.deepEqual(sources, ['a-empty.jpg', 'b-hands.jpg', 'c-swipe.gif'].map((name) => join(folder, name)));
    for (const record of records) assert.deepEqual(Object.keys(record), RECORD_KEYS);

    const [empty, hands] = records;
    assert.deepEqual([empty!.width, empty!.height, (empty!.hands as unknown[]).length], [640, 480, 0]);
    assert.deepEqual([hands!.width, hands!.height, (hands!.hands as unknown[]).length], [720, 382, 2]);
    for (const hand of hands!.hands as Record<string, unknown>[]) {
      assert.deepEqual(Object.keys(hand), HAND_KEYS);
      assert.ok(hand.handedness === 'Left' || hand.handedness === 'Right');
      assert.equal((hand.landmarks as number[][]).length, 21);
      assert.equal((hand.world_landmarks as number[][]).length, 21);
      assert.ok((hand.landmarks as number[][]).every((point) => point.length === 3 && point[0]! >= 0 && point[0]! <= 720));
    }

    const frames = records.filter((record) => record.source === join(folder, 'c-swipe.gif'));
    assert.ok(frames.length > 10, `${frames.length} GIF frames`);
    frames.forEach((frame, index) => assert.equal(frame.frame, index));
    assert.ok(frames.every((frame, index) => index === 0 || (frame.timestamp_ms as number) > (frames[index - 1]!.timestamp_ms as number)));
    assert.ok(frames.filter((frame) => (frame.hands as unknown[]).length > 0).length > frames.length / 2, 'hands tracked through the GIF');
  });

  test('on several workers, the output is the same records in the same order as on one', async () => {
    // The video first, so the photos after it finish on the other worker before it does.
    const inputs = [sharedData('dynamic-gestures/swipe_left_right.gif'), sharedData('finger-count-epsrc/testing_set/3'), sharedData('landmarks-reference/hands.jpg')];
    const one = await analyze('--workers', '1', ...inputs);
    const two = await analyze('--workers', '2', ...inputs);
    assert.equal(two.code, 0, two.stderr);
    assert.ok(one.records.length > 100, `${one.records.length} records`);
    assert.deepEqual(two.records, one.records);
    const summaries = (stderr: string) => stderr.split('\n').filter((line) => line.includes(': '));
    assert.deepEqual(summaries(two.stderr), summaries(one.stderr), 'the summaries in input order too');
  });

  test('without --json, prints each input\'s summary as its output, on stdout', async () => {
    const photo = sharedData('landmarks-reference/hands.jpg');
    const { stdout, stderr } = await run(process.execPath, [CLI, 'analyze', photo]);
    assert.equal(stdout, `${photo}: 2 hand(s)\n`);
    assert.doesNotMatch(stderr, /hand\(s\)/);
  });

  test('a missing file, an unreadable image and a text file posing as a video each get a one-line error, and the rest still run', async () => {
    const fakeImage = join(folder, 'broken.jpg');
    const fakeVideo = join(folder, 'broken.mp4');
    await writeFile(fakeImage, 'this is not a JPEG');
    await writeFile(fakeVideo, 'this is not a video either');
    try {
      const missing = join(folder, 'missing.png');
      const { code, records, stderr } = await analyze(missing, fakeImage, fakeVideo, sharedData('landmarks-reference/hands.jpg'));
      assert.equal(code, 1);
      assert.equal(records.length, 1, 'the good image is still analysed');
      const errors = stderr.split('\n').filter((line) => line.startsWith('error: '));
      assert.equal(errors.length, 3, stderr);
      for (const path of [missing, fakeImage, fakeVideo]) {
        const naming = errors.filter((line) => line.includes(path));
        assert.equal(naming.length, 1, `one error names ${path}: ${stderr}`);
        assert.equal(naming[0]!.split(path).length, 2, `the error names ${path} once: ${naming[0]}`);
      }
      assert.doesNotMatch(stderr, /\n\s+at /, 'no stack traces');
    } finally {
      await rm(fakeImage);
      await rm(fakeVideo);
    }
  });

  test('refuses a video whose frames are over 8K, naming its size and the limit, before decoding it', async () => {
    const video = hugeVideo(join(folder, 'huge.avi'), 'avi');
    const { code, records, stderr } = await analyze('--workers', '1', video);
    assert.equal(code, 1, stderr);
    assert.deepEqual(records, []);
    // Said when the file is probed: no frame of it was decoded.
    assert.match(stderr, /huge\.avi: the video is too large \(8192x5000 pixels, the limit is 7680x4320 \(8K\)\): scale it down first/);
  });

  test('stops quietly when its reader goes away, as `analyze --json | head -1` does', async () => {
    const child = spawn(process.execPath, [CLI, 'analyze', '--json', sharedData('finger-count-epsrc/testing_set')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await once(child.stdout, 'data');
    child.stdout.destroy(); // the reader has what it wanted
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(code, 0, stderr);
    assert.doesNotMatch(stderr, /EPIPE|\n\s+at /, 'no error and no stack trace');
  });

  test('a wrong value is one line naming the setting and its flag, as in run; an unknown option is a usage error', async () => {
    const wrong = await analyze('--model', 'huge', sharedData('landmarks-reference/hands.jpg'));
    assert.equal(wrong.code, 1);
    assert.equal(wrong.stderr.trim(), 'handflow analyze: invalid setting: extraction.model must be "full" or "lite", not "huge" (from --model)');
    const unknown = await analyze('--modle', 'lite', sharedData('landmarks-reference/hands.jpg'));
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /Unknown option '--modle'/);
  });

  test('takes the engine settings of the config file, under its flags', async () => {
    const config = join(folder, 'one-hand.json');
    await writeFile(config, JSON.stringify({ extraction: { maxHands: 1 } }));
    const photo = sharedData('landmarks-reference/hands.jpg');
    const handsIn = async (...args: string[]): Promise<number> => ((await analyze(...args, photo)).records[0]!['hands'] as unknown[]).length;
    assert.equal(await handsIn(), 2, 'both hands by default');
    assert.equal(await handsIn('--config', config), 1);
    assert.equal(await handsIn('--config', config, '--max-hands', '2'), 2);
  });
});
