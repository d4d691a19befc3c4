import { createNotifier } from '../system/create-notifier.js';
import { createVolumeControl } from '../system/create-volume-control.js';
import { DryRunCommandRunner, DryRunKeyboard, DryRunNotifier, DryRunPointer, DryRunVolume, DryRunWebhookClient, type DryRunLog } from '../system/dry-run.js';
import type { KeyboardControl } from '../system/keyboard-control.js';
import { createKeyboardControl } from '../system/libnut-keyboard.js';
import { createPointerControl } from '../system/libnut-pointer.js';
import type { Notifier } from '../system/notifier.js';
import type { PointerControl } from '../system/pointer-control.js';
import { httpWebhookClient, type WebhookClient } from '../system/post-json.js';
import { processCommandRunner, type CommandRunner } from '../system/run-command.js';
import type { VolumeControl } from '../system/volume-control.js';

/**
 * What actions drive. The first four are made on first use and checked to work then (a sound server, a
 * display, a notification tool), which is when an action is armed: handflow runs anywhere disarmed.
 */
export interface SystemControls {
  volume(): Promise<VolumeControl>;
  pointer(): Promise<PointerControl>;
  keyboard(): Promise<KeyboardControl>;
  notifier(): Promise<Notifier>;
  readonly webhook: WebhookClient;
  /** Runs commands in the tools' environment; an `env` given to `run` is added to it. */
  readonly commands: CommandRunner;
}

export interface RealControlsOptions {
  /** The environment of the volume, notification and command tools (PULSE_SERVER, DBUS_SESSION_BUS_ADDRESS). Defaults to this process's. */
  env?: NodeJS.ProcessEnv;
}

/** The system's own controls. A control that fails to be made is tried again on the next use, so arming again can succeed. */
export function realSystemControls(options: RealControlsOptions = {}): SystemControls {
  const env = options.env ?? process.env;
  return {
    volume: madeOnce(() => createVolumeControl({ env })),
    pointer: madeOnce(createPointerControl),
    keyboard: madeOnce(createKeyboardControl),
    notifier: madeOnce(async () => createNotifier({ env })),
    webhook: httpWebhookClient,
    // A command's own variables (its env, HANDFLOW_EVENT) are added to the environment, not put in its place.
    commands: { run: (command, commandOptions = {}) => processCommandRunner.run(command, { ...commandOptions, env: { ...env, ...commandOptions.env } }) },
  };
}

/** Stand-ins that do nothing but record into `log` what they would have done. */
export function dryRunSystemControls(log: DryRunLog): SystemControls {
  const volume = new DryRunVolume(log);
  const pointer = new DryRunPointer(log);
  const keyboard = new DryRunKeyboard(log);
  const notifier = new DryRunNotifier(log);
  return {
    volume: async () => volume,
    pointer: async () => pointer,
    keyboard: async () => keyboard,
    notifier: async () => notifier,
    webhook: new DryRunWebhookClient(log),
    commands: new DryRunCommandRunner(log),
  };
}

function madeOnce<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => {
    made ??= make().catch((error: unknown) => {
      made = undefined;
      throw error;
    });
    return made;
  };
}
