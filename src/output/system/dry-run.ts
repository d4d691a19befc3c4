import { pushKeepingLast } from '../../core/keep-last.js';
import { redactUrl } from '../../core/redact-url.js';

import type { KeyboardControl } from './keyboard-control.js';
import type { KeyName, ModifierName } from './key-names.js';
import type { Notifier } from './notifier.js';
import {
  checkedPoint,
  checkedScroll,
  type MouseButton,
  type PointerControl,
  type ScreenPoint,
  type ScreenSize,
} from './pointer-control.js';
import { parseWebhookUrl, type WebhookClient } from './post-json.js';
import type { CommandLine, CommandResult, CommandRunner } from './run-command.js';
import { checkedPercent, type VolumeControl } from './volume-control.js';

/*
 * Dry-run stand-ins: each implements a control's interface, checks its arguments as the real one does,
 * and records what it would have done instead of doing it. They keep a simulated state (volume, pointer
 * position) rather than reading the real one, so a dry run works where the real control could not:
 * in CI, on a server, on a machine without a desktop.
 */

export type SystemControlName = 'volume' | 'pointer' | 'keyboard' | 'notifier' | 'webhook' | 'command';

/** One thing a dry-run control would have done, as plain data for a log line or a test. */
export interface DryRunEntry {
  control: SystemControlName;
  /** The interface method, e.g. 'setVolume'. */
  call: string;
  args: readonly unknown[];
}

export interface DryRunLogOptions {
  /** Called with every entry as it is recorded: where a logger goes. */
  onEntry?: (entry: DryRunEntry) => void;
  /** How many recent entries `entries` keeps. Defaults to 1000. */
  maxEntries?: number;
}

/** What the dry-run controls would have done, most recent last. */
export class DryRunLog {
  private readonly recent: DryRunEntry[] = [];
  private readonly onEntry: ((entry: DryRunEntry) => void) | undefined;
  private readonly maxEntries: number;

  constructor(options: DryRunLogOptions = {}) {
    this.onEntry = options.onEntry;
    this.maxEntries = options.maxEntries ?? 1000;
  }

  get entries(): readonly DryRunEntry[] {
    return this.recent;
  }

  record(control: SystemControlName, call: string, ...args: unknown[]): void {
    const entry: DryRunEntry = { control, call, args };
    pushKeepingLast(this.recent, entry, this.maxEntries);
    this.onEntry?.(entry);
  }
}

export class DryRunVolume implements VolumeControl {
  constructor(
    private readonly log: DryRunLog,
    private volume = 50,
    private muted = false,
  ) {}

  async getVolume(): Promise<number> {
    return this.volume;
  }

  async setVolume(percent: number): Promise<void> {
    this.volume = checkedPercent(percent);
    this.log.record('volume', 'setVolume', this.volume);
  }

  async isMuted(): Promise<boolean> {
    return this.muted;
  }

  async setMuted(muted: boolean): Promise<void> {
    this.muted = muted;
    this.log.record('volume', 'setMuted', muted);
  }
}

export class DryRunPointer implements PointerControl {
  private current: ScreenPoint;

  /** The pointer starts in the middle of a screen of `size` (by default 1920x1080). */
  constructor(
    private readonly log: DryRunLog,
    private readonly size: ScreenSize = { width: 1920, height: 1080 },
  ) {
    this.current = { x: Math.floor(size.width / 2), y: Math.floor(size.height / 2) };
  }

  async screenSize(): Promise<ScreenSize> {
    return { ...this.size };
  }

  async position(): Promise<ScreenPoint> {
    return { ...this.current };
  }

  async moveTo(x: number, y: number): Promise<void> {
    this.current = checkedPoint(x, y);
    this.log.record('pointer', 'moveTo', this.current.x, this.current.y);
  }

  async click(button: MouseButton = 'left'): Promise<void> {
    this.log.record('pointer', 'click', button);
  }

  async press(button: MouseButton = 'left'): Promise<void> {
    this.log.record('pointer', 'press', button);
  }

  async release(button: MouseButton = 'left'): Promise<void> {
    this.log.record('pointer', 'release', button);
  }

  async scroll(dx: number, dy: number): Promise<void> {
    const notches = checkedScroll(dx, dy);
    this.log.record('pointer', 'scroll', notches.dx, notches.dy);
  }
}

export class DryRunKeyboard implements KeyboardControl {
  constructor(private readonly log: DryRunLog) {}

  async tap(key: KeyName, modifiers: readonly ModifierName[] = []): Promise<void> {
    this.log.record('keyboard', 'tap', key, [...modifiers]);
  }
}

export class DryRunNotifier implements Notifier {
  constructor(private readonly log: DryRunLog) {}

  async notify(title: string, body: string): Promise<void> {
    this.log.record('notifier', 'notify', title, body);
  }
}

/** Answers 200, as if the server had accepted the request. */
export class DryRunWebhookClient implements WebhookClient {
  constructor(private readonly log: DryRunLog) {}

  async postJson(url: string, body: unknown): Promise<number> {
    // Entries go to the log: the URL without its secrets, as a stream's.
    this.log.record('webhook', 'postJson', redactUrl(parseWebhookUrl(url).href), body);
    return 200;
  }
}

/** Answers as if the command had run and exited 0 without output. */
export class DryRunCommandRunner implements CommandRunner {
  constructor(private readonly log: DryRunLog) {}

  async run(command: CommandLine): Promise<CommandResult> {
    this.log.record('command', 'run', command);
    return { exitCode: 0, signal: null, timedOut: false, stdout: '', stderr: '', outputTruncated: false };
  }
}
