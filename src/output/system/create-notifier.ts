import { HandflowError } from '../../core/errors.js';
import { findExecutable } from '../../core/find-executable.js';
import type { Notifier } from './notifier.js';
import { runTool, type ToolOptions } from './run-tool.js';

export interface NotifierOptions {
  /** The environment the notification tool runs in (DBUS_SESSION_BUS_ADDRESS on Linux). Defaults to this process's. */
  env?: NodeJS.ProcessEnv;
}

/** One notification as a tool to run: its arguments, and how to run it. */
interface NotificationCommand extends ToolOptions {
  argv: [string, ...string[]];
}

/**
 * Notifications with each system's own tool, run without a shell, with the text passed as arguments or
 * environment variables and never spliced into a script: Linux `notify-send` (libnotify, to whatever
 * daemon the desktop runs), macOS `osascript`'s `display notification`, Windows a toast from Windows
 * PowerShell. Throws TOOL_NOT_FOUND at once when notify-send is missing; a missing notification daemon
 * is reported by the first `notify`.
 */
export function createNotifier(options: NotifierOptions = {}): Notifier {
  const env = options.env ?? process.env;
  const command = notificationCommand(env);
  return {
    notify: async (title, body) => {
      const { argv, ...toolOptions } = command(title, body);
      await runTool(argv, toolOptions);
    },
  };
}

function notificationCommand(env: NodeJS.ProcessEnv): (title: string, body: string) => NotificationCommand {
  switch (process.platform) {
    case 'linux':
      if (findExecutable('notify-send', env) === undefined) {
        throw new HandflowError(
          'TOOL_NOT_FOUND',
          'notify-send is not installed: install libnotify-bin (Debian, Ubuntu) or libnotify',
        );
      }
      return (title, body) => ({
        argv: ['notify-send', '--app-name=handflow', '--', title, body],
        env,
        installHint: 'install libnotify-bin',
        explainFailure: explainNotifySendFailure,
      });
    case 'darwin':
      return (title, body) => ({
        argv: [
          'osascript',
          '-e',
          'on run argv',
          '-e',
          'display notification (item 2 of argv) with title (item 1 of argv)',
          '-e',
          'end run',
          '--',
          title,
          body,
        ],
        env,
        installHint: 'osascript is part of macOS',
      });
    case 'win32':
      return (title, body) => ({
        argv: ['powershell.exe', '-NoProfile', '-NonInteractive', '-Command', WINDOWS_TOAST_SCRIPT],
        env: { ...env, HANDFLOW_TOAST_TITLE: title, HANDFLOW_TOAST_BODY: body },
        installHint: 'Windows PowerShell is part of Windows 10 and 11',
        timeoutMs: 15_000, // PowerShell's start and the WinRT type load take seconds on a cold machine
      });
    default:
      throw new HandflowError(
        'UNSUPPORTED_PLATFORM',
        `notifications are not available on ${process.platform}: only Linux, macOS and Windows`,
      );
  }
}

/**
 * A toast through WinRT, shown under Windows PowerShell's own app id (a toast needs a registered app id,
 * and PowerShell's always is). The text comes from environment variables so it is never parsed as code.
 */
const WINDOWS_TOAST_SCRIPT = [
  "$ErrorActionPreference = 'Stop'",
  '[Windows.UI.Notifications.ToastNotificationManager, Windows.UI.Notifications, ContentType = WindowsRuntime] | Out-Null',
  '$xml = [Windows.UI.Notifications.ToastNotificationManager]::GetTemplateContent([Windows.UI.Notifications.ToastTemplateType]::ToastText02)',
  "$texts = $xml.GetElementsByTagName('text')",
  '$texts.Item(0).AppendChild($xml.CreateTextNode($env:HANDFLOW_TOAST_TITLE)) | Out-Null',
  '$texts.Item(1).AppendChild($xml.CreateTextNode($env:HANDFLOW_TOAST_BODY)) | Out-Null',
  "$appId = '{1AC14E77-02E7-4E5D-B744-2EB1AE5198B7}\\WindowsPowerShell\\v1.0\\powershell.exe'",
  '[Windows.UI.Notifications.ToastNotificationManager]::CreateToastNotifier($appId).Show([Windows.UI.Notifications.ToastNotification]::new($xml))',
].join('; ');

/** notify-send's D-Bus errors, told apart: no session bus at all, or a bus with no notification daemon on it. */
function explainNotifySendFailure(line: string): HandflowError | undefined {
  if (/ServiceUnknown|NoReply|Spawn\.|not provided by any/i.test(line)) {
    return new HandflowError(
      'SERVICE_UNAVAILABLE',
      `no notification daemon answers on the session bus (${line}): start the desktop's notification service, or one such as dunst or mako`,
    );
  }
  if (/autolaunch|could not connect|DBUS_SESSION_BUS_ADDRESS/i.test(line)) {
    return new HandflowError(
      'SERVICE_UNAVAILABLE',
      `no D-Bus session bus for notify-send (${line}): run handflow inside a desktop session, or set DBUS_SESSION_BUS_ADDRESS`,
    );
  }
  return undefined;
}
