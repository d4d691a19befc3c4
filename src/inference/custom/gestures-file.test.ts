import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { HandflowError } from '../../core/errors.js';
import { customGestureModels } from './custom-gesture-models.js';
import { emptyGesturesFile, MAX_GESTURES_FILE_BYTES, readGesturesFile, readOrCreateGesturesFile, writeGesturesFile, type GesturesFile } from './gestures-file.js';
import { MAX_SAMPLES_PER_GESTURE } from './sample-limits.js';
import { trainGestures } from './train-gestures.js';

let folder: string;
before(async () => {
  folder = await mkdtemp(join(tmpdir(), 'handflow-gestures-'));
});
after(async () => {
  await rm(folder, { recursive: true, force: true });
});

const isError = (code: string, pattern: RegExp) => (error: unknown) => error instanceof HandflowError && error.code === code && pattern.test(error.message);

const GESTURES: GesturesFile = {
  ...emptyGesturesFile(),
  gestures: [
    { name: 'low', kind: 'static', samples: [[0, 0], [0, 0.1], [0.1, 0]] },
    { name: 'high', kind: 'static', samples: [[5, 5], [5, 5.1], [5.1, 5]] },
    { name: 'wave', kind: 'moving', samples: [[1, 1, 2, 2]], durationsMs: [800] },
  ],
};

test('a gestures file round-trips, written whole (no temporary file left behind)', async () => {
  const path = join(folder, 'round-trip.json');
  await writeGesturesFile(path, GESTURES);
  assert.deepEqual(await readGesturesFile(path), GESTURES);
  assert.deepEqual(await readdir(folder), ['round-trip.json']);
});

test('a missing file says to record first; readOrCreate starts an empty one', async () => {
  const path = join(folder, 'missing.json');
  await assert.rejects(readGesturesFile(path), isError('INPUT_NOT_FOUND', /gestures file .*missing\.json not found: record a gesture first/));
  assert.deepEqual(await readOrCreateGesturesFile(path), emptyGesturesFile());
});

test('a corrupt file names the file, what is wrong and what to do', async () => {
  const notJson = join(folder, 'not-json.json');
  await writeFile(notJson, 'root:x:0:0:root:/root');
  // The file's text is never quoted: the message may reach a server's client.
  await assert.rejects(readGesturesFile(notJson), isError('INPUT_UNREADABLE', /not-json\.json is not a valid handflow gestures file \(not JSON\): fix it, or delete it/));
  const wrongShape = join(folder, 'wrong-shape.json');
  await writeFile(wrongShape, JSON.stringify({ ...GESTURES, gestures: [{ name: 'x', kind: 'static', samples: [['a']] }] }));
  await assert.rejects(readGesturesFile(wrongShape), isError('INPUT_UNREADABLE', /wrong-shape\.json .*\(gestures\.0\.samples\.0\.0: /));
  await assert.rejects(readOrCreateGesturesFile(wrongShape), HandflowError, 'a corrupt file is never silently replaced');
});

test('a file that is not a regular file, or too large, is refused before it is read', async () => {
  await assert.rejects(readGesturesFile('/dev/zero'), isError('INPUT_UNREADABLE', /^gestures file \/dev\/zero is not a valid handflow gestures file \(not a regular file\)/));
  await assert.rejects(readGesturesFile(folder), isError('INPUT_UNREADABLE', /\(not a regular file\)/));
  const pipe = join(folder, 'pipe.json');
  execFileSync('mkfifo', [pipe]);
  // A named pipe no one writes to would block a plain open for ever.
  await assert.rejects(readGesturesFile(pipe), isError('INPUT_UNREADABLE', /pipe\.json .*\(not a regular file\)/));
  const huge = join(folder, 'huge.json');
  await writeFile(huge, '');
  await truncate(huge, MAX_GESTURES_FILE_BYTES + 1);
  await assert.rejects(readGesturesFile(huge), isError('INPUT_UNREADABLE', /huge\.json .*\(33554433 bytes, more than the 32 MiB a gestures file may have\)/));
  await rm(pipe);
  await rm(huge);
});

test('a file that would grow past what can be read back is not written', async () => {
  const path = join(folder, 'growing.json');
  const samples = Array.from({ length: 300_000 }, () => Array.from({ length: 10 }, () => 0.123456789));
  await assert.rejects(writeGesturesFile(path, { ...emptyGesturesFile(), gestures: [{ name: 'big', kind: 'static', samples }] }), isError('INVALID_OPTION', /growing\.json would grow past 32 MiB: remove gestures/));
  await assert.rejects(readGesturesFile(path), isError('INPUT_NOT_FOUND', /not found/));
});

test('gestures that could not be read back (a feature that is not a finite number) are not written, and the file is kept', async () => {
  const path = join(folder, 'kept.json');
  await writeGesturesFile(path, GESTURES);
  for (const bad of [Number.POSITIVE_INFINITY, Number.NaN]) {
    const broken: GesturesFile = { ...GESTURES, gestures: [...GESTURES.gestures, { name: 'broken', kind: 'moving', samples: [[0, bad]], durationsMs: [500] }] };
    await assert.rejects(writeGesturesFile(path, broken), isError('INVALID_OPTION', /^the gestures were not saved to .*kept\.json: gestures\.3\.samples\.0\.1 is not what a gestures file holds/));
  }
  assert.deepEqual(await readGesturesFile(path), GESTURES, 'the file as it was');
});

test('a gestures file in a folder that may not be written is refused as CANNOT_WRITE, naming it and the flag to use', async () => {
  // /sys refuses new files even to root: a stand-in for a folder the user may not write.
  await assert.rejects(
    writeGesturesFile('/sys/handflow.gestures.json', GESTURES),
    isError('CANNOT_WRITE', /^cannot write \/sys\/handflow\.gestures\.json: permission denied\. Name a gestures file handflow may write: serve --gestures FILE, or handflow gestures --file FILE$/),
  );
});

test('training calibrates each kind; an untrained or changed file is refused with what to run', () => {
  assert.throws(() => customGestureModels(GESTURES, 'g.json'), isError('INVALID_OPTION', /g\.json has static gestures recorded since it was last trained: run "handflow gestures train"/));
  const trained = trainGestures(GESTURES);
  assert.deepEqual(trained.trained?.static && { k: trained.trained.static.k, sampleCount: trained.trained.static.sampleCount, accuracy: trained.trained.static.accuracy }, { k: 3, sampleCount: 6, accuracy: 1 });
  // Within a gesture, the farthest nearest neighbour is 0.1 apart: twice that is under the 0.25 floor.
  assert.equal(trained.trained?.static?.rejectDistance, 0.25);
  assert.equal(trained.trained?.moving?.windowMs, 800);
  assert.equal(trained.trained?.moving?.k, 1, 'one sample: one neighbour');
  const models = customGestureModels(trained, 'g.json');
  assert.equal(models.static?.learner.predict([4.9, 5]).label, 'high');
  const changed = { ...trained, gestures: [...trained.gestures.slice(0, 2), { ...trained.gestures[2]!, samples: [[1, 1, 2, 2], [1, 1, 2, 3]] }] };
  assert.throws(() => customGestureModels(changed, 'g.json'), /moving gestures recorded since it was last trained/);
  assert.throws(() => trainGestures(emptyGesturesFile()), isError('NOT_TRAINABLE', /no gestures to train: record some first/));
});

test('a trained file past the sample caps is refused for recognition too, naming the cap', () => {
  // As a file written by hand, or trained before the caps, may be: recognition's cost grows with every sample.
  const trained = trainGestures(GESTURES);
  const crowded = Array.from({ length: MAX_SAMPLES_PER_GESTURE + 1 }, (_, index) => [0, index / 10_000]);
  const oversized: GesturesFile = {
    ...trained,
    gestures: [{ name: 'low', kind: 'static', samples: crowded }, ...trained.gestures.slice(1)],
    trained: { ...trained.trained, static: { ...trained.trained!.static!, sampleCount: crowded.length + 3 } },
  };
  assert.throws(() => customGestureModels(oversized, 'g.json'), isError('TOO_MANY_SAMPLES', /^gesture "low" in g\.json has 501 samples, more than the 500 a gesture may have/));
});
