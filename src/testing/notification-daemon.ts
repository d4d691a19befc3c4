import { after, before } from 'node:test';
import { NotificationBus } from './notification-bus.js';
import { missingTools } from './required-tools.js';
import { XSession } from './x-session.js';

/** The skip reason for a suite that uses {@link notificationDaemon}: the programs it needs, if any are missing. */
export function missingNotificationTools(): string | false {
  return missingTools('Xvfb', 'dbus-daemon', 'dbus-monitor', 'dbus-send', 'dunst', 'notify-send');
}

/**
 * A real notification daemon for the tests of the suite it is called in: dunst on a private X display
 * and a private session bus, started before the suite's tests and stopped after them. `bus` (its env,
 * and the Notify calls seen on it) may be read inside the tests.
 */
export function notificationDaemon(): { readonly bus: NotificationBus } {
  let x: XSession | undefined;
  let bus: NotificationBus | undefined;
  before(async () => {
    x = await XSession.start({ eventWindow: false });
    bus = await NotificationBus.start({ daemonDisplay: x.display });
  });
  after(async () => {
    await bus?.stop();
    await x?.stop();
  });
  return {
    get bus(): NotificationBus {
      if (bus === undefined) throw new Error('the notification daemon starts before the tests: read bus inside one');
      return bus;
    },
  };
}
