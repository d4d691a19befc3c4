import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { Point } from '../../extraction/geometry/types.js';
import { sharedData } from '../../testing/shared-data.js';
import { landmarkFeatures } from './landmark-features.js';
import { NearestNeighbours, type Sample } from './nearest-neighbours.js';
import { pathFeatures } from './path-features.js';

/** Rows of a Kazuhito00 CSV: the label, then the numbers. */
function readRows(file: string): { label: string; values: number[] }[] {
  return readFileSync(sharedData(`landmark-datasets/kazuhito00/${file}`), 'utf8')
    .split(/\r?\n/)
    .filter(Boolean)
    .map((line) => {
      const [label, ...values] = line.split(',');
      return { label: label!, values: values.map(Number) };
    });
}

/** Label names from the UTF-8 (with BOM), CRLF label file. */
function labelNames(file: string): string[] {
  return readFileSync(sharedData(`landmark-datasets/kazuhito00/${file}`), 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/).filter(Boolean);
}

const pairs = (values: number[]): Point[] => Array.from({ length: values.length / 2 }, (_, i) => ({ x: values[2 * i]!, y: values[2 * i + 1]! }));

/** A repeatable shuffle (32-bit linear congruential generator), so the split is the same on every run. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  let state = seed;
  const random = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  return items.map((item) => ({ item, key: random() })).sort((a, b) => a.key - b.key).map(({ item }) => item);
}

/** Trains on a seeded 80% of the samples and returns the accuracy on the other 20%, per label too. */
function heldOutAccuracy(samples: Sample[], k: number): { overall: number; perLabel: Map<string, number> } {
  const order = shuffled(samples, 20_240_601);
  const cut = Math.floor(order.length * 0.8);
  const learner = new NearestNeighbours(order.slice(0, cut), k);
  const held = order.slice(cut);
  const right = held.map((sample) => learner.predict(sample.features).label === sample.label);
  const perLabel = new Map([...new Set(held.map((sample) => sample.label))].map((label) => {
    const ofLabel = right.filter((_, index) => held[index]!.label === label);
    return [label, ofLabel.filter(Boolean).length / ofLabel.length];
  }));
  return { overall: right.filter(Boolean).length / right.length, perLabel };
}

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

test('hand poses: trained on 80% of keypoint.csv (Open, Close, Pointer), at least 97% of the other 20% right', (t) => {
  const names = labelNames('keypoint_classifier_label.csv');
  const samples = readRows('keypoint.csv').map(({ label, values }) => ({ label: names[Number(label)]!, features: landmarkFeatures(pairs(values)) }));
  assert.equal(samples.length, 4450);
  const { overall, perLabel } = heldOutAccuracy(samples, 3);
  t.diagnostic(`held-out accuracy ${percent(overall)}: ${[...perLabel].map(([label, value]) => `${label} ${percent(value)}`).join(', ')}`);
  assert.ok(overall >= 0.97, percent(overall));
});

test('fingertip paths: trained on 80% of point_history.csv (Stop, Clockwise, Counter Clockwise, Move), at least 90% of the other 20% right', (t) => {
  const names = labelNames('point_history_classifier_label.csv');
  // Already relative to the first point and in image fractions: unit 1.
  const samples = readRows('point_history.csv').map(({ label, values }) => ({ label: names[Number(label)]!, features: pathFeatures(pairs(values), 1) }));
  assert.equal(samples.length, 5296);
  const { overall, perLabel } = heldOutAccuracy(samples, 3);
  t.diagnostic(`held-out accuracy ${percent(overall)}: ${[...perLabel].map(([label, value]) => `${label} ${percent(value)}`).join(', ')}`);
  assert.ok(overall >= 0.9, percent(overall));
});
