import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NearestNeighbours } from './nearest-neighbours.js';

const SAMPLES = [
  { label: 'a', features: [0, 0] },
  { label: 'a', features: [0, 1] },
  { label: 'b', features: [5, 5] },
  { label: 'b', features: [5, 6] },
  { label: 'b', features: [6, 5] },
];

test('the label most common among the k nearest, with the share that agree and the distance to it', () => {
  const learner = new NearestNeighbours(SAMPLES, 3);
  assert.deepEqual(learner.predict([0, 0.4]), { label: 'a', confidence: 2 / 3, distance: 0.4 });
  assert.deepEqual(learner.predict([5, 5]), { label: 'b', confidence: 1, distance: 0 });
});

test('a tie goes to the label of the nearest; a sample can be left out of its own vote', () => {
  const learner = new NearestNeighbours(SAMPLES, 2);
  // Nearest to (3, 3): b at (5,5) (distance 2.83) and a at (0,1) (3.61): one vote each, b nearer.
  assert.equal(learner.predict([3, 3]).label, 'b');
  // Leaving out sample 0, (0, 0)'s nearest is the other "a" at distance 1.
  assert.deepEqual(learner.predict([0, 0], 0), { label: 'a', confidence: 0.5, distance: 1 });
});

test('refuses mismatched feature lengths and an empty training set', () => {
  assert.throws(() => new NearestNeighbours([], 1), RangeError);
  assert.throws(() => new NearestNeighbours([{ label: 'a', features: [1] }, { label: 'b', features: [1, 2] }], 1), RangeError);
  assert.throws(() => new NearestNeighbours(SAMPLES, 1).predict([1, 2, 3]), RangeError);
});
