import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { SKIP_AHEAD_AFTER_MS, shouldSkipAhead } from './skip-ahead.js';

const STALE_MS = 100;

describe('shouldSkipAhead', () => {
  it('waits out a short spell of stale frames', () => {
    assert.equal(shouldSkipAhead({ sinceMs: 1000, lagMs: 900 }, 1000 + SKIP_AHEAD_AFTER_MS, 900, 1000, STALE_MS), false);
  });

  it('skips decoding that falls further behind, or no nearer', () => {
    assert.equal(shouldSkipAhead({ sinceMs: 1000, lagMs: 200 }, 1600, 260, 1000, STALE_MS), true);
    assert.equal(shouldSkipAhead({ sinceMs: 1000, lagMs: 200 }, 1600, 200, 1000, STALE_MS), true);
  });

  it('lets decoding catch up when it is on time again sooner than a restart would be', () => {
    // A busy machine (realtime-load.test): 285 ms behind, then 139 ms 400 ms later, with restarts taking over a second.
    assert.equal(shouldSkipAhead({ sinceMs: 4760, lagMs: 285 }, 5300, 106, 1088, STALE_MS), false);
  });

  it('skips decoding that gains too slowly to beat a restart', () => {
    // 3 s behind, gaining 0.1 ms a ms: 28 s to catch up, against a 1 s restart.
    assert.equal(shouldSkipAhead({ sinceMs: 0, lagMs: 3060 }, 600, 3000, 1000, STALE_MS), true);
  });
});
