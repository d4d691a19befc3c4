import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { reconnectDelayMs } from './reconnect.js';

describe('reconnectDelayMs', () => {
  it('doubles from the initial delay up to the cap', () => {
    const config = { maxAttempts: 10, initialDelayMs: 500, maxDelayMs: 3000 };
    assert.deepEqual([1, 2, 3, 4, 5].map((attempt) => reconnectDelayMs(attempt, config)), [500, 1000, 2000, 3000, 3000]);
  });
});
