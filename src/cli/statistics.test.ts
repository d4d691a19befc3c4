import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { median, SampleSet } from './statistics.js';

describe('median and percentiles', () => {
  it('gives the middle of an odd count, the mean of the two middle values of an even one, in any order', () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([1.56, 1.36]), 1.46);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.ok(Number.isNaN(median([])));
  });

  it('takes percentiles by nearest rank', () => {
    const samples = new SampleSet();
    for (let value = 1; value <= 20; value++) samples.add(value);
    assert.equal(samples.percentile(0.5), 10);
    assert.equal(samples.percentile(0.95), 19);
    assert.equal(samples.percentile(1), 20);
  });
});
