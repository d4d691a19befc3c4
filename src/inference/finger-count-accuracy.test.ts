import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join, sep } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { repoRoot, sharedData } from '../testing/shared-data.js';

const run = promisify(execFile);
const SPLITS = ['testing_set', 'validation_set'] as const;
const COUNTS = [1, 2, 3, 4, 5];

interface Outcome {
  split: (typeof SPLITS)[number];
  truth: number;
  /** The photo's `finger_count`; null when no hand was found (counted wrong). */
  counted: number | null;
}

/** The confusion matrix as text: a row per true count, a column per count given ("none": no hand found). */
function confusionMatrix(outcomes: Outcome[]): string {
  const columns = [...new Set(outcomes.map(({ counted }) => counted))].sort((a, b) => (a ?? -1) - (b ?? -1));
  const header = ['true/got', ...columns.map((count) => String(count ?? 'none'))];
  const rows = COUNTS.map((truth) => [String(truth), ...columns.map((count) => String(outcomes.filter((o) => o.truth === truth && o.counted === count).length))]);
  return [header, ...rows].map((row) => row.map((cell) => cell.padStart(8)).join('')).join('\n');
}

test('finger count through `handflow analyze`: at least 97% of the 400 finger-count-epsrc photos exact, 95% on each split', async (t) => {
  const folders = SPLITS.flatMap((split) => COUNTS.map((count) => sharedData(`finger-count-epsrc/${split}/${count}`)));
  const { stdout } = await run(process.execPath, [join(repoRoot, 'bin', 'handflow.js'), 'analyze', '--json', ...folders], { maxBuffer: 256 * 1024 * 1024 });
  const outcomes = stdout
    .split('\n')
    .filter(Boolean)
    .map((line): Outcome => {
      const record = JSON.parse(line) as { source: string; finger_count: number | null };
      const [split, folder] = record.source.split(sep).slice(-3, -1) as [Outcome['split'], string];
      return { split, truth: Number(folder), counted: record.finger_count };
    });
  assert.equal(outcomes.length, 400, 'every photo has a record');

  const accuracy = (subset: Outcome[]) => subset.filter(({ truth, counted }) => truth === counted).length / subset.length;
  // The thresholds of finger-states.ts were tuned on testing_set; validation_set is the honest check.
  const bySplit = SPLITS.map((split) => [split, accuracy(outcomes.filter((o) => o.split === split))] as const);
  t.diagnostic(`exact: ${(accuracy(outcomes) * 100).toFixed(1)}% of 400; ${bySplit.map(([split, value]) => `${split} ${(value * 100).toFixed(1)}%`).join(', ')}`);
  t.diagnostic('confusion matrix (all 400):');
  for (const row of confusionMatrix(outcomes).split('\n')) t.diagnostic(row);
  assert.ok(accuracy(outcomes) >= 0.97, `${(accuracy(outcomes) * 100).toFixed(1)}% exact`);
  for (const [split, value] of bySplit) assert.ok(value >= 0.95, `${split}: ${(value * 100).toFixed(1)}% exact`);
});
