import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';

import { repoRoot, sharedData } from '../../testing/shared-data.js';

const SWIPES = sharedData('dynamic-gestures/swipe_left_right.gif');

/** The swipes `handflow run --json` reports on the clip, with extra environment settings. */
async function swipesSeen(env: Record<string, string>): Promise<string[]> {
  const { stdout } = await promisify(execFile)(process.execPath, [`${repoRoot}/bin/handflow.js`, 'run', '--source', SWIPES, '--project', 'presentation-control', '--json'], {
    env: { PATH: process.env['PATH'] ?? '', ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout
    .split('\n')
    .filter((line) => line.includes('"type":"gesture_detected"'))
    .map((line) => (JSON.parse(line) as { data: { gesture_type: string } }).data.gesture_type);
}

describe('handflow run and the inference settings of the configuration', () => {
  test('the project engine reads them: a swipe that must travel 50 palm lengths is never made', async () => {
    const usual = await swipesSeen({});
    assert.ok(usual.includes('swipe_left') && usual.includes('swipe_right'), usual.join());
    assert.deepEqual(await swipesSeen({ HANDFLOW_INFERENCE_SWIPE_MIN_DISTANCE: '50' }), []);
  });
});
