import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Point } from '../../extraction/geometry/types.js';
import { isHandflowError } from '../../testing/handflow-error-assertion.js';
import { scratchFolder } from '../../testing/scratch.js';
import { sharedData } from '../../testing/shared-data.js';
import { customGestureModels } from './custom-gesture-models.js';
import { GestureStore, trainingAdvice } from './gesture-store.js';
import { readGesturesFile } from './gestures-file.js';
import { landmarkFeatures } from './landmark-features.js';
import { pathFeatures } from './path-features.js';
import { MAX_SAMPLES, MAX_SAMPLES_PER_GESTURE } from './sample-limits.js';

const folder = scratchFolder('handflow-gesture-store-');

const pairs = (values: number[]): Point[] => Array.from({ length: values.length / 2 }, (_, i) => ({ x: values[2 * i]!, y: values[2 * i + 1]! }));

/** Real samples: the first `count` rows of a Kazuhito00 dataset with that label number, as features. */
function rows(file: string, label: number, count: number): number[][] {
  return readFileSync(sharedData(`landmark-datasets/kazuhito00/${file}`), 'utf8')
    .split(/\r?\n/)
    .filter((line) => line.startsWith(`${label},`))
    .slice(0, count)
    .map((line) => line.split(',').slice(1).map(Number));
}
const poses = (label: number, count: number) => rows('keypoint.csv', label, count).map((values) => landmarkFeatures(pairs(values)));
// The point histories are already relative to their first point, in image fractions: unit 1.
const paths = (label: number, count: number) => rows('point_history.csv', label, count).map((values) => pathFeatures(pairs(values), 1));

const OPEN = 0;
const CLOSE = 1;
const POINTER = 2;
const CLOCKWISE = 1;

test('says when an accuracy is not worth reading yet: one gesture of a kind, or few samples of one', () => {
  assert.match(trainingAdvice('static', 1, 300) ?? '', /^one pose only/);
  assert.equal(trainingAdvice('static', 2, 1), 'a pose has only 1 sample: record at least 20 of each for an accuracy worth reading');
  assert.equal(trainingAdvice('static', 2, 20), undefined);
  assert.equal(trainingAdvice('moving', 3, 5), undefined);
  assert.match(trainingAdvice('moving', 3, 4) ?? '', /a movement has only 4 samples/);
});

test('records real samples of each kind, trains them with leave-one-out accuracy, and lists their status', async () => {
  const path = join(folder.path, 'taught.json');
  const store = new GestureStore(path);
  const open = poses(OPEN, 12);
  assert.deepEqual(await store.addSamples('open', 'static', { samples: open.slice(0, 5), durationsMs: [] }), { name: 'open', kind: 'static', samples: 5, trained: false });
  assert.deepEqual(await store.addSamples('open', 'static', { samples: open.slice(5, 10), durationsMs: [] }), { name: 'open', kind: 'static', samples: 10, trained: false });
  await store.addSamples('close', 'static', { samples: poses(CLOSE, 10), durationsMs: [] });
  await store.addSamples('pointer', 'static', { samples: poses(POINTER, 10), durationsMs: [] });
  await store.addSamples('circle', 'moving', { samples: paths(CLOCKWISE, 4), durationsMs: [500, 520, 540, 700] });
  assert.deepEqual((await store.list()).map(({ name, trained }) => [name, trained]), [['open', false], ['close', false], ['pointer', false], ['circle', false]]);

  const [statics, moving] = await store.train();
  // Ten poses of each is few for an accuracy to mean much; one movement, nothing to tell it from.
  assert.deepEqual(statics && { ...statics, accuracy: undefined }, { kind: 'static', gestures: 3, samples: 30, k: 3, accuracy: undefined, advice: 'a pose has only 10 samples: record at least 20 of each for an accuracy worth reading' });
  assert.ok(statics!.accuracy >= 0.9, `leave-one-out accuracy ${statics!.accuracy}`);
  assert.deepEqual(moving, { kind: 'moving', gestures: 1, samples: 4, k: 3, accuracy: 1, advice: 'one movement only: the accuracy measures nothing until there is another to tell it from; record a second' });
  assert.deepEqual(await store.list(), [
    { name: 'open', kind: 'static', samples: 10, trained: true },
    { name: 'close', kind: 'static', samples: 10, trained: true },
    { name: 'pointer', kind: 'static', samples: 10, trained: true },
    { name: 'circle', kind: 'moving', samples: 4, trained: true },
  ]);

  // What was written is what recognition loads: a pose it never saw is known.
  const file = await readGesturesFile(path);
  assert.equal(file.trained?.moving?.windowMs, 530, 'the median duration');
  assert.equal(customGestureModels(file, path).static?.learner.predict(open[11]!).label, 'open');
});

test('recording or removing makes the training stale; removing an unknown gesture names the ones there are', async () => {
  const path = join(folder.path, 'stale.json');
  const store = new GestureStore(path);
  await store.addSamples('open', 'static', { samples: poses(OPEN, 3), durationsMs: [] });
  await store.addSamples('close', 'static', { samples: poses(CLOSE, 3), durationsMs: [] });
  await store.train();
  assert.deepEqual(await store.addSamples('close', 'static', { samples: poses(CLOSE, 4).slice(3), durationsMs: [] }), { name: 'close', kind: 'static', samples: 4, trained: false });
  assert.equal((await readGesturesFile(path)).trained, undefined);

  await store.train();
  assert.deepEqual(await store.remove('close'), [{ name: 'open', kind: 'static', samples: 3, trained: false }]);
  await assert.rejects(store.remove('close'), isHandflowError('GESTURE_NOT_FOUND', new RegExp(`^no gesture "close" in ${path.replace(/[.\\]/g, '\\$&')}; it has open$`)));
  assert.deepEqual(await store.remove('open'), []);
  await assert.rejects(store.train(), isHandflowError('NOT_TRAINABLE', /^there are no gestures to train: record some first$/));
});

test('refuses another kind, bad names and "none" before recording and while adding, leaving the file as it was', async () => {
  const path = join(folder.path, 'refusals.json');
  const store = new GestureStore(path);
  await store.addSamples('open', 'static', { samples: poses(OPEN, 2), durationsMs: [] });
  const before = await readFile(path, 'utf8');
  const otherKind = isHandflowError('INVALID_OPTION', /^"open" is already a static gesture in .*refusals\.json: record it as static, or remove it first$/);
  await assert.rejects(store.checkRecordable('open', 'moving'), otherKind);
  await assert.rejects(store.addSamples('open', 'moving', { samples: paths(CLOCKWISE, 1), durationsMs: [500] }), otherKind);
  for (const name of ['bad name!', '-dash', 'x'.repeat(65), '']) {
    await assert.rejects(store.checkRecordable(name, 'static'), isHandflowError('INVALID_OPTION', /cannot name a gesture .*: letters, digits, _ and -, starting with a letter or digit, at most 64$/), name);
  }
  await assert.rejects(store.addSamples('none', 'static', { samples: poses(OPEN, 1), durationsMs: [] }), isHandflowError('INVALID_OPTION', /"none" means no gesture: choose another name/));
  assert.equal(await readFile(path, 'utf8'), before);
  await store.checkRecordable('x'.repeat(64), 'static');
  await store.checkRecordable('open', 'static');
});

test('a missing file is a mistake to report, or no gestures yet where the store is the program\'s own', async () => {
  const path = join(folder.path, 'missing.json');
  const named = new GestureStore(path);
  const notFound = isHandflowError('INPUT_NOT_FOUND', /missing\.json not found: record a gesture first/);
  await assert.rejects(named.list(), notFound);
  await assert.rejects(named.train(), notFound);
  await assert.rejects(named.remove('open'), notFound);

  const owned = new GestureStore(path, { shownAs: 'the gestures file', missingIsEmpty: true });
  assert.deepEqual(await owned.list(), []);
  await assert.rejects(owned.train(), isHandflowError('NOT_TRAINABLE', /record some first/));
  await assert.rejects(owned.remove('open'), isHandflowError('GESTURE_NOT_FOUND', /^no gesture "open" in the gestures file; it has none$/));
});

test('changes made at once are made one after another: none is lost', async () => {
  const store = new GestureStore(join(folder.path, 'concurrent.json'));
  const samples = poses(OPEN, 20);
  await Promise.all(samples.map((sample, index) => store.addSamples(index % 2 ? 'odd' : 'even', 'static', { samples: [sample], durationsMs: [] })));
  assert.deepEqual((await store.list()).map(({ name, samples }) => [name, samples]), [['even', 10], ['odd', 10]]);
});

test('refuses samples past the caps, per gesture and in all, before recording and while adding, saying what to do', async () => {
  const path = join(folder.path, 'capped.json');
  const store = new GestureStore(path);
  const open = poses(OPEN, MAX_SAMPLES_PER_GESTURE);
  await store.addSamples('open', 'static', { samples: open.slice(0, MAX_SAMPLES_PER_GESTURE - 2), durationsMs: [] });
  const before = await readFile(path, 'utf8');
  await assert.rejects(
    store.addSamples('open', 'static', { samples: poses(CLOSE, 3), durationsMs: [] }),
    isHandflowError('TOO_MANY_SAMPLES', new RegExp(`^gesture "open" has ${MAX_SAMPLES_PER_GESTURE - 2} samples, and 3 more would pass the ${MAX_SAMPLES_PER_GESTURE} a gesture may have: record fewer frames, or delete samples .*"handflow gestures remove <name>"`)),
  );
  assert.equal(await readFile(path, 'utf8'), before);
  assert.equal((await store.addSamples('open', 'static', { samples: open.slice(-2), durationsMs: [] })).samples, MAX_SAMPLES_PER_GESTURE);
  await assert.rejects(store.checkRecordable('open', 'static'), isHandflowError('TOO_MANY_SAMPLES', /and 1 more would pass/));

  // The rest of the total, in gestures at the per-gesture cap; then no gesture, old or new, takes one more.
  const others = Array.from({ length: MAX_SAMPLES / MAX_SAMPLES_PER_GESTURE - 1 }, (_, index) => `other${index}`);
  for (const name of others) await store.addSamples(name, 'static', { samples: open, durationsMs: [] });
  await assert.rejects(store.checkRecordable('wave', 'static'), isHandflowError('TOO_MANY_SAMPLES', new RegExp(`^the gestures have ${MAX_SAMPLES} samples in all, and 1 more would pass the ${MAX_SAMPLES} they may have together`)));
  await assert.rejects(store.addSamples('wave', 'moving', { samples: paths(CLOCKWISE, 1), durationsMs: [500] }), isHandflowError('TOO_MANY_SAMPLES', /in all/));
  assert.equal((await store.train())[0]?.samples, MAX_SAMPLES);
});

test('refuses to train a file past the caps (written by hand, or before them), naming the gesture', async () => {
  const path = join(folder.path, 'oversized.json');
  const samples = poses(OPEN, MAX_SAMPLES_PER_GESTURE + 1);
  await writeFile(path, JSON.stringify({ format: 'handflow-gestures', version: 1, gestures: [{ name: 'open', kind: 'static', samples }] }));
  await assert.rejects(new GestureStore(path).train(), isHandflowError('TOO_MANY_SAMPLES', new RegExp(`^gesture "open" in .*oversized\\.json has ${MAX_SAMPLES_PER_GESTURE + 1} samples, more than the ${MAX_SAMPLES_PER_GESTURE} a gesture may have: delete samples`)));
});
