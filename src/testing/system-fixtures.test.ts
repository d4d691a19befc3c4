import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';
import { NotificationBus } from './notification-bus.js';
import { isProcessRunning } from './process-state.js';
import { missingTools } from './required-tools.js';
import { SoundServer } from './sound-server.js';
import { waitFor } from './wait-for.js';
import { XSession } from './x-session.js';

function startedPids(pids: readonly (number | undefined)[]): number[] {
  const started = pids.filter((pid) => pid !== undefined);
  assert.equal(started.length, pids.length, 'every helper process started');
  return started;
}

describe('the system test fixtures leave no process behind', () => {
  test(
    'X session, sound server and notification bus: every process is gone after stop',
    { skip: missingTools('Xvfb', 'xev', 'pulseaudio', 'pactl', 'dbus-daemon', 'dbus-monitor', 'dbus-send', 'dunst') },
    async () => {
      const x = await XSession.start({ eventWindow: true });
      const sound = await SoundServer.start();
      const bus = await NotificationBus.start({ daemonDisplay: x.display });
      const pids = startedPids([...x.pids, sound.pid, ...bus.pids]);
      assert.equal(pids.length, 6, 'Xvfb, xev, pulseaudio, dbus-daemon, dbus-monitor, dunst');
      assert.ok(pids.every(isProcessRunning));
      await bus.stop();
      await sound.stop();
      await x.stop();
      assert.deepEqual(pids.filter(isProcessRunning), []);
    },
  );

  test(
    'an X server that ends with its last client is gone once the test process using libnut has exited, which exits 0',
    { skip: missingTools('Xvfb', 'xev') },
    async () => {
      // What libnut-input.test.ts does, in a process of its own so its end can be watched
      const script = `
      const { XSession } = await import(${JSON.stringify(new URL('./x-session.js', import.meta.url).href)});
      const { createPointerControl } = await import(${JSON.stringify(new URL('../output/system/libnut-pointer.js', import.meta.url).href)});
      const x = await XSession.start({ eventWindow: true, endWithLastClient: true });
      process.env.DISPLAY = x.display;
      await (await createPointerControl()).moveTo(5, 5);
      console.log(JSON.stringify(x.pids));
      await x.stop();`;
      const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script]);
      const pids = startedPids(JSON.parse(stdout) as (number | undefined)[]);
      await waitFor('the X server to end after its last client', () =>
        pids.some(isProcessRunning) ? undefined : true,
      );
    },
  );
});
