import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { missingTools } from '../../testing/required-tools.js';
import { repoRoot, sharedData } from '../../testing/shared-data.js';
import { XSession, type XEvent } from '../../testing/x-session.js';

const SWIPES = sharedData('dynamic-gestures/swipe_left_right.gif');

/** `handflow run ...` on the X display, to its end. */
async function handflowRun(x: XSession, args: string[]): Promise<{ stdout: string; stderr: string }> {
  return promisify(execFile)(process.execPath, [`${repoRoot}/bin/handflow.js`, 'run', ...args], {
    env: { PATH: process.env['PATH'] ?? '', DISPLAY: x.display },
    maxBuffer: 64 * 1024 * 1024,
  });
}

const keyPresses = (events: XEvent[]): string[] => events.filter((event) => event.type === 'KeyPress').map((event) => event.keysym ?? '');

describe('handflow run --project presentation-control, end to end on a real video and a real X server', { skip: missingTools('Xvfb', 'xev') }, () => {
  let x: XSession;
  before(async () => {
    x = await XSession.start({ eventWindow: true });
  });
  after(() => x?.stop());

  test('disarmed (no --arm), the swipes are events but press no key', async () => {
    const { stdout } = await handflowRun(x, ['--source', SWIPES, '--project', 'presentation-control', '--json']);
    const swipes = stdout
      .split('\n')
      .filter((line) => line.includes('"type":"gesture_detected"'))
      .map((line) => (JSON.parse(line) as { data: { gesture_type: string } }).data.gesture_type);
    assert.ok(swipes.includes('swipe_left') && swipes.includes('swipe_right'), swipes.join());
    await x.takeEvents('anything the run did', () => true).then((events) => assert.deepEqual(keyPresses(events), []));
  });

  test('with --arm, swipe_left_right.gif presses Right (next slide) and Left (previous), seen by an X window', async () => {
    const { stderr } = await handflowRun(x, ['--source', SWIPES, '--project', 'presentation-control', '--arm']);
    assert.match(stderr, /^armed: keyboard$/m);
    const events = await x.takeEvents('the Right and Left key presses', (seen) => ['Right', 'Left'].every((key) => keyPresses(seen).includes(key)));
    const presses = keyPresses(events);
    assert.ok(presses.every((key) => key === 'Right' || key === 'Left'), `keys: ${presses.join(', ')}`);
    assert.equal(events.filter((event) => event.type === 'KeyRelease').length, presses.length, 'every key was let go');
  });
});

describe('handflow run --arm where the system cannot act', () => {
  test('no X display: one line saying why, exit code 1, before any frame', async () => {
    const { PATH } = process.env;
    const run = promisify(execFile)(process.execPath, [`${repoRoot}/bin/handflow.js`, 'run', '--source', SWIPES, '--project', 'presentation-control', '--arm'], {
      env: { PATH: PATH ?? '' },
    });
    await assert.rejects(run, (error: { code: number; stderr: string }) => {
      assert.equal(error.code, 1);
      assert.match(error.stderr, /^handflow run: cannot arm the actions of presentation-control: no X display \(DISPLAY is not set\)/m);
      return true;
    });
  });
});
