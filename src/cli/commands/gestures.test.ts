import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { HandLandmarker } from '../../extraction/hand-landmarker.js';
import { loadInferenceEngine } from '../../inference/create-inference-engine.js';
import { decodeImageFile } from '../../ingestion/image-decoder.js';
import { repoRoot, sharedData } from '../../testing/shared-data.js';

const run = promisify(execFile);

/** Runs `handflow gestures ...` and returns its exit code and output, whatever the exit code. */
async function gestures(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return run(process.execPath, [join(repoRoot, 'bin', 'handflow.js'), 'gestures', ...args]).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

describe('handflow gestures', () => {
  let folder: string;
  let file: string;
  before(async () => {
    folder = await mkdtemp(join(tmpdir(), 'handflow-gestures-cli-'));
    file = join(folder, 'my.gestures.json');
  });
  after(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  test('record, train and list: then the engine recognises the taught gesture on a new photo', async () => {
    // Each --source adds its samples: the same photo twice makes two.
    const rockPhoto = sharedData('hagrid-tiles/rock.png');
    const rock = await gestures('record', 'rock', '--file', file, '--source', rockPhoto, '--source', rockPhoto);
    assert.equal(rock.code, 0, rock.stderr);
    assert.match(rock.stderr, /2 static sample\(s\) of "rock" added to .*my\.gestures\.json \(2 in all\); run "handflow gestures train" next/);
    const call = await gestures('record', 'call', '--file', file, '--source', sharedData('hagrid-tiles/call.png'));
    assert.equal(call.code, 0, call.stderr);
    const path = await gestures('record', 'wave', '--moving', '--frames', '20', '--file', file, '--source', sharedData('dynamic-gestures/swipe_left_right.gif'));
    assert.equal(path.code, 0, path.stderr);

    assert.match((await gestures('list', '--file', file)).stdout, /rock\s+static\s+2 sample\(s\)\s+\(not trained\)/);
    const trained = await gestures('train', '--file', file);
    assert.equal(trained.code, 0, trained.stderr);
    assert.match(trained.stdout, /static: 2 gesture\(s\), 3 sample\(s\), leave-one-out accuracy [\d.]+% \(k=1\)\n  a pose has only 1 sample: record at least 20 of each for an accuracy worth reading\nmoving: 1 gesture\(s\), 1 sample\(s\).*\n  one movement only/);
    assert.doesNotMatch((await gestures('list', '--file', file)).stdout, /not trained/);

    const engine = await loadInferenceEngine({ classifiers: [], customGestures: file });
    assert.deepEqual(engine.classifiers.map((classifier) => classifier.name), ['custom', 'custom_motion']);
    const landmarker = await HandLandmarker.create();
    try {
      const [custom] = engine.process(await landmarker.detect(await decodeImageFile(sharedData('hagrid-tiles/call.png')))).results;
      assert.equal(custom!.gestureType, 'custom');
      assert.equal(custom!.rawOutput.gesture_name, 'call');
    } finally {
      await landmarker.close();
    }
  });

  test('records with the capture settings the sessions use: a config that mirrors the source records the path mirrored', async () => {
    const swipes = sharedData('dynamic-gestures/swipe_left_right.gif');
    const plainFile = join(folder, 'plain.gestures.json');
    const mirroredFile = join(folder, 'mirrored.gestures.json');
    const config = join(folder, 'mirror.config.json');
    await writeFile(config, JSON.stringify({ capture: { mirror: true } }));
    for (const [target, extra] of [[plainFile, []], [mirroredFile, ['--config', config]]] as const) {
      const recorded = await gestures('record', 'swipe', '--moving', '--frames', '20', '--file', target, '--source', swipes, ...extra);
      assert.equal(recorded.code, 0, recorded.stderr);
    }
    const path = async (target: string): Promise<number[]> => (JSON.parse(await readFile(target, 'utf8')) as { gestures: { samples: number[][] }[] }).gestures[0]!.samples[0]!;
    const [plain, mirrored] = [await path(plainFile), await path(mirroredFile)];
    assert.equal(plain.length, mirrored.length);
    // x (even places) turned round, y (odd places) the same: the hand's path as a mirror shows it (the model finds a
    // mirrored hand a little differently, so the paths match in shape, not to the digit).
    const part = (values: number[], odd: number): number[] => values.filter((_, index) => index % 2 === odd);
    const correlation = (a: number[], b: number[]): number => {
      const mean = (values: number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;
      const [ma, mb] = [mean(a), mean(b)];
      const dot = (p: number[], q: number[], mp: number, mq: number): number => p.reduce((sum, value, index) => sum + (value - mp) * (q[index]! - mq), 0);
      return dot(a, b, ma, mb) / Math.sqrt(dot(a, a, ma, ma) * dot(b, b, mb, mb));
    };
    assert.ok(correlation(part(plain, 0), part(mirrored, 0)) < -0.9, `x: ${correlation(part(plain, 0), part(mirrored, 0))}`);
    assert.ok(correlation(part(plain, 1), part(mirrored, 1)) > 0.9, `y: ${correlation(part(plain, 1), part(mirrored, 1))}`);
  });

  test('remove forgets a gesture and marks the file for retraining; mistakes get one clear line', async () => {
    const removed = await gestures('remove', 'call', '--file', file);
    assert.equal(removed.code, 0, removed.stderr);
    assert.match(removed.stderr, /removed "call" .*run "handflow gestures train" again/);
    assert.match((await gestures('list', '--file', file)).stdout, /rock\s+static\s+2 sample\(s\)\s+\(not trained\)/);
    await assert.rejects(loadInferenceEngine({ customGestures: file }), /recorded since it was last trained: run "handflow gestures train"/);

    const missing = await gestures('remove', 'nothing', '--file', file);
    assert.deepEqual([missing.code, missing.stderr.trim()], [1, `handflow gestures: no gesture "nothing" in ${file}; it has rock, wave`]);
    const otherKind = await gestures('record', 'rock', '--moving', '--file', file, '--source', sharedData('dynamic-gestures/swipe_left_right.gif'));
    assert.deepEqual([otherKind.code, otherKind.stderr.trim()], [1, `handflow gestures: "rock" is already a static gesture in ${file}: record it as static, or remove it first`]);
    const none = await gestures('record', 'none', '--file', file, '--source', sharedData('hagrid-tiles/rock.png'));
    assert.deepEqual([none.code, none.stderr.trim()], [1, 'handflow gestures: cannot name a gesture "none": "none" means no gesture: choose another name']);
    const camera = await gestures('record', 'x', '--file', file, '--source', 'webcam');
    assert.equal(camera.code, 2);
    assert.match(camera.stderr, /a camera or stream never ends: say how many frames to record with --frames/);
    const corrupt = join(folder, 'corrupt.json');
    await writeFile(corrupt, 'not json');
    const unreadable = await gestures('train', '--file', corrupt);
    assert.equal(unreadable.code, 1);
    assert.match(unreadable.stderr, /^handflow gestures: gestures file .*corrupt\.json is not a valid handflow gestures file \(not JSON.*\): fix it, or delete it and record the gestures again\n$/);
    const absent = await gestures('list', '--file', join(folder, 'absent.json'));
    assert.match(absent.stderr, /absent\.json not found: record a gesture first/);
    const homeless = join(folder, 'no-such-folder', 'g.json');
    const nowhere = await gestures('record', 'rock', '--file', homeless, '--source', sharedData('hagrid-tiles/rock.png'));
    assert.deepEqual([nowhere.code, nowhere.stderr.trim()], [1, `handflow gestures: cannot write ${homeless}: its folder does not exist. Name a gestures file handflow may write: serve --gestures FILE, or handflow gestures --file FILE`]);
    assert.doesNotMatch(nowhere.stderr, /sample/, 'refused before any sample was recorded');
  });
});
