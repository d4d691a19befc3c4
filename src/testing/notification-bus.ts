import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ManagedProcess, stopAll } from './managed-process.js';
import { waitFor } from './wait-for.js';

/** A Notify call seen on the bus: the arguments a notification daemon receives. */
export interface NotifyCall {
  appName: string;
  summary: string;
  body: string;
}

/**
 * A private D-Bus session bus, watched by dbus-monitor for calls to org.freedesktop.Notifications, with
 * dunst as its notification daemon when an X display is given (dunst draws on X). The bus lists no
 * activatable services, so nothing starts on it that the test did not start.
 */
export class NotificationBus {
  private constructor(
    private readonly folder: string,
    private readonly processes: ManagedProcess[],
    readonly env: NodeJS.ProcessEnv,
  ) {}

  static async start(options: { daemonDisplay?: string }): Promise<NotificationBus> {
    const folder = mkdtempSync(join(tmpdir(), 'handflow-dbus-'));
    const processes: ManagedProcess[] = [];
    try {
      const config = join(folder, 'bus.conf');
      writeFileSync(config, busConfig(join(folder, 'bus')));
      const bus = ManagedProcess.start('dbus-daemon', ['--config-file', config, '--nofork', '--print-address=1']);
      processes.push(bus);
      const [, address] = await bus.waitForOutput(/^(unix:\S+)\n/, 'dbus-daemon to print its address');
      const env: NodeJS.ProcessEnv = { ...process.env, DBUS_SESSION_BUS_ADDRESS: address, XDG_CONFIG_HOME: folder };
      delete env['DISPLAY']; // nothing on this bus may reach the user's own display
      const monitor = ManagedProcess.start('dbus-monitor', [
        '--address',
        address,
        'interface=org.freedesktop.Notifications',
      ]);
      processes.push(monitor);
      // dbus-monitor drops its name when it has become a monitor: from then on it sees every call
      await monitor.waitForOutput(/member=NameLost/, 'dbus-monitor to start monitoring');
      const daemonDisplay = options.daemonDisplay;
      if (daemonDisplay !== undefined) {
        const daemon = ManagedProcess.start('dunst', [], { env: { ...env, DISPLAY: daemonDisplay } });
        processes.push(daemon);
        await waitFor('dunst to own org.freedesktop.Notifications', () =>
          daemonOwnsName(env).then((owned) => (owned ? true : daemon.failIfExited('owning the name'))),
        );
      }
      return new NotificationBus(folder, processes, env);
    } catch (error) {
      await stopAll(processes);
      rmSync(folder, { recursive: true, force: true });
      throw error;
    }
  }

  get pids(): (number | undefined)[] {
    return this.processes.map((helper) => helper.pid);
  }

  /** Waits for a Notify call whose summary is `summary` to cross the bus. */
  async waitForNotify(summary: string): Promise<NotifyCall> {
    const monitor = this.processes[1];
    if (monitor === undefined) throw new Error('the bus has no monitor');
    return waitFor(
      `a Notify call with summary "${summary}"`,
      () =>
        notifyCalls(monitor.stdout).find((call) => call.summary === summary) ?? monitor.failIfExited('the Notify call'),
    );
  }

  async stop(): Promise<void> {
    await stopAll(this.processes);
    rmSync(this.folder, { recursive: true, force: true });
  }
}

/** A session bus that allows everything (like the standard one) but has no service folders to start daemons from. */
function busConfig(socketPath: string): string {
  return `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=${socketPath}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`;
}

async function daemonOwnsName(env: NodeJS.ProcessEnv): Promise<boolean> {
  const { stdout } = await promisify(execFile)(
    'dbus-send',
    [
      '--session',
      '--print-reply',
      '--dest=org.freedesktop.DBus',
      '/org/freedesktop/DBus',
      'org.freedesktop.DBus.NameHasOwner',
      'string:org.freedesktop.Notifications',
    ],
    { env },
  );
  return /boolean true/.test(stdout);
}

/**
 * The Notify calls in dbus-monitor's output. A call's top-level arguments are indented three spaces;
 * its strings are, in order, app_name, app_icon, summary and body (replaces_id is a uint32).
 */
function notifyCalls(text: string): NotifyCall[] {
  return text
    .split(/\n(?=\S)/)
    .filter((block) => block.startsWith('method call') && block.includes('member=Notify'))
    .map((block) => {
      const strings = [...block.matchAll(/^ {3}string "(.*)"$/gm)].map((match) => match[1] ?? '');
      return { appName: strings[0] ?? '', summary: strings[2] ?? '', body: strings[3] ?? '' };
    });
}
