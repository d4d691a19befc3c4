import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { NotificationBus } from '../../testing/notification-bus.js';
import { missingTools } from '../../testing/required-tools.js';
import { missingNotificationTools, notificationDaemon } from '../../testing/notification-daemon.js';
import { isHandflowError } from '../../testing/handflow-error-assertion.js';
import { createNotifier } from './create-notifier.js';

describe(
  'createNotifier with dunst on a private session bus (Notify calls seen by dbus-monitor)',
  { skip: missingNotificationTools() },
  () => {
    const daemon = notificationDaemon();

    test('the notification reaches the daemon as a Notify call from handflow', async () => {
      const { bus } = daemon;
      await createNotifier({ env: bus.env }).notify('Thumbs up', 'handflow saw a thumbs up');
      assert.deepEqual(await bus.waitForNotify('Thumbs up'), {
        appName: 'handflow',
        summary: 'Thumbs up',
        body: 'handflow saw a thumbs up',
      });
    });

    test('text that looks like options or shell code arrives as it was written', async () => {
      const body = `$(touch /tmp/handflow-pwned) "double" 'single' ; --urgency=critical`;
      const { bus } = daemon;
      await createNotifier({ env: bus.env }).notify('--help', body);
      assert.deepEqual(await bus.waitForNotify('--help'), { appName: 'handflow', summary: '--help', body });
    });
  },
);

describe('createNotifier when notifications cannot be shown', () => {
  test(
    'a session bus without a notification daemon: one line saying to start one',
    { skip: missingTools('dbus-daemon', 'dbus-monitor', 'notify-send') },
    async (t) => {
      const bus = await NotificationBus.start({});
      t.after(() => bus.stop());
      await assert.rejects(
        createNotifier({ env: bus.env }).notify('Anyone there?', ''),
        isHandflowError(
          'SERVICE_UNAVAILABLE',
          /^no notification daemon answers on the session bus \(.*ServiceUnknown.*\): start the desktop's notification service, or one such as dunst or mako$/,
        ),
      );
    },
  );

  test(
    'no session bus at all: one line saying to run inside a desktop session',
    { skip: missingTools('notify-send') },
    async (t) => {
      const folder = mkdtempSync(join(tmpdir(), 'handflow-no-bus-'));
      t.after(() => rmSync(folder, { recursive: true, force: true }));
      const env = {
        PATH: process.env['PATH'],
        XDG_RUNTIME_DIR: folder,
        DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(folder, 'no-bus-here')}`,
      };
      await assert.rejects(
        createNotifier({ env }).notify('Anyone there?', ''),
        isHandflowError(
          'SERVICE_UNAVAILABLE',
          /^no D-Bus session bus for notify-send \(.*\): run handflow inside a desktop session, or set DBUS_SESSION_BUS_ADDRESS$/,
        ),
      );
    },
  );

  test('notify-send not installed: fails at creation naming the package', (t) => {
    const empty = mkdtempSync(join(tmpdir(), 'handflow-no-tools-'));
    t.after(() => rmSync(empty, { recursive: true, force: true }));
    assert.throws(
      () => createNotifier({ env: { PATH: empty } }),
      isHandflowError(
        'TOOL_NOT_FOUND',
        /^notify-send is not installed: install libnotify-bin \(Debian, Ubuntu\) or libnotify$/,
      ),
    );
  });
});
