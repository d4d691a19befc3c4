import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { progressBar } from './progress-bar.js';

describe('progressBar', () => {
  it('fills in proportion and clamps', () => {
    assert.equal(progressBar(0, 10), '[..........]   0%');
    assert.equal(progressBar(0.456, 10), '[#####.....]  45%');
    assert.equal(progressBar(1.5, 10), '[##########] 100%');
    assert.equal(progressBar(Number.NaN, 4), '[....]   0%');
  });
});
