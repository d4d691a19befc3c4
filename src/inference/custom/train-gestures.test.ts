import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { Point } from '../../extraction/geometry/types.js';
import { isHandflowError } from '../../testing/handflow-error-assertion.js';
import { sharedData } from '../../testing/shared-data.js';
import { emptyGesturesFile, type GesturesFile } from './gestures-file.js';
import { landmarkFeatures } from './landmark-features.js';
import { trainGestures } from './train-gestures.js';
import { trainGesturesOffThread } from './train-off-thread.js';

/** Real hand poses of one Kazuhito00 label, every `step`th row, as features. */
function poses(label: number, count: number, step: number): number[][] {
  return readFileSync(sharedData('landmark-datasets/kazuhito00/keypoint.csv'), 'utf8')
    .split(/\r?\n/)
    .filter((line) => line.startsWith(`${label},`))
    .filter((_, index) => index % step === 0)
    .slice(0, count)
    .map((line) => line.split(',').slice(1).map(Number))
    .map((values) => landmarkFeatures(Array.from({ length: values.length / 2 }, (_, i): Point => ({ x: values[2 * i]!, y: values[2 * i + 1]! }))));
}

// Spread-out rows, so the usual neighbour distance is above the 0.25 floor; a repeated pose, as a still hand gives.
const open = poses(0, 60, 25);
const SAMPLES: GesturesFile = {
  ...emptyGesturesFile(),
  gestures: [
    { name: 'open', kind: 'static', samples: [...open, open[0]!, open[0]!] },
    { name: 'close', kind: 'static', samples: poses(1, 60, 25) },
  ],
};

/** The reject distance by its definition: twice the 95th percentile of each sample's Math.hypot to its nearest other of the same gesture. */
function rejectDistanceByDefinition(file: GesturesFile): number {
  const nearest = file.gestures.flatMap(({ samples }) =>
    samples.map((sample, index) => Math.min(...samples.filter((_, other) => other !== index).map((other) => Math.hypot(...other.map((value, i) => value - sample[i]!))))),
  );
  nearest.sort((a, b) => a - b);
  return Math.max(0.25, 2 * nearest[Math.min(nearest.length - 1, Math.floor(nearest.length * 0.95))]!);
}

test('the reject distance is exactly the one its definition gives, on real poses with repeats', () => {
  const expected = rejectDistanceByDefinition(SAMPLES);
  assert.ok(expected > 0.25, `the samples should be spread past the floor (${expected})`);
  assert.equal(trainGestures(SAMPLES).trained?.static?.rejectDistance, expected);
});

test('training on its own thread gives the same file, and its errors with their codes', async () => {
  assert.deepEqual(await trainGesturesOffThread(SAMPLES), trainGestures(SAMPLES));
  await assert.rejects(trainGesturesOffThread(emptyGesturesFile()), isHandflowError('NOT_TRAINABLE', /^there are no gestures to train: record some first$/));
});
