import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ManagedProcess, stopAll } from './managed-process.js';
import { waitFor } from './wait-for.js';

/** One event as xev printed it: what happened, and where, with which keys and buttons held. */
export interface XEvent {
  /** 'KeyPress', 'KeyRelease', 'ButtonPress', 'ButtonRelease', 'MotionNotify', ... */
  type: string;
  /** The key's X name, e.g. 'Right', 'Prior' (Page Up), 'a'. */
  keysym?: string;
  button?: number;
  /** X's modifier and button mask when the event happened: Shift 0x1, Control 0x4, Button1 0x100. */
  state?: number;
  /** Where the pointer was on the screen. */
  root?: { x: number; y: number };
}

export const SCREEN = { width: 1280, height: 800 };

export interface XSessionOptions {
  /** Map an xev window over the whole screen, whose events `takeEvents` reads. */
  eventWindow: boolean;
  /**
   * Let the X server end by itself when its last client leaves, instead of being stopped by `stop`. For a
   * test process that connects to the display with libnut: libnut closes its display connection only
   * when the process exits, and if the server is gone by then Xlib ends the process with exit code 1.
   * If the test process dies, its connection closes and the server still ends.
   */
  endWithLastClient?: boolean;
}

/**
 * A private X server (Xvfb on a display number it picks itself, so parallel runs never collide) and,
 * optionally, an xev window covering the whole screen. The window is what a real desktop has: without
 * a mapped window the first pointer move on a fresh Xvfb can be lost, and with one every pointer, button
 * and key event lands in it whatever the pointer's position, to be read back from xev's output.
 */
export class XSession {
  private eventsTaken = 0;

  private constructor(
    readonly display: string,
    private readonly server: ManagedProcess,
    private readonly window: ManagedProcess | undefined,
    private readonly endWithLastClient: boolean,
  ) {}

  static async start(options: XSessionOptions): Promise<XSession> {
    const endWithLastClient = options.endWithLastClient ?? false;
    const server = ManagedProcess.start(
      'Xvfb',
      [
        ...(endWithLastClient ? ['-terminate'] : []),
        '-displayfd',
        '1',
        '-nolisten',
        'tcp',
        '-screen',
        '0',
        `${SCREEN.width}x${SCREEN.height}x24`,
      ],
      { endsAfterTestProcess: endWithLastClient },
    );
    let window: ManagedProcess | undefined;
    try {
      const [, number] = await server.waitForOutput(/^(\d+)\n/, 'Xvfb to report its display number', 20_000); // Xvfb starts in a second; a machine busy with models may take longer
      const display = `:${number}`;
      if (options.eventWindow) {
        window = ManagedProcess.start('xev', [
          ...[
            '-display',
            display,
            '-geometry',
            `${SCREEN.width}x${SCREEN.height}+0+0`,
            '-name',
            'handflow-test-window',
          ],
          ...['-event', 'keyboard', '-event', 'mouse', '-event', 'structure'],
        ]);
        await window.waitForOutput(/MapNotify/, 'the xev window to be mapped');
      }
      return new XSession(display, server, window, endWithLastClient);
    } catch (error) {
      await stopAll([server, window]);
      throw error;
    }
  }

  /** The environment a client of this display needs. */
  get env(): NodeJS.ProcessEnv {
    return { ...process.env, DISPLAY: this.display };
  }

  get pids(): (number | undefined)[] {
    return [this.server.pid, this.window?.pid];
  }

  /**
   * Waits until the events xev printed since the last call satisfy `done`, and returns them; the next call
   * sees only later events.
   */
  async takeEvents(what: string, done: (events: XEvent[]) => boolean): Promise<XEvent[]> {
    const window = this.window;
    if (window === undefined) throw new Error('this X session was started without an event window');
    return waitFor(what, () => {
      const events = parseXevOutput(window.stdout).slice(this.eventsTaken);
      if (!done(events)) return window.failIfExited(what);
      this.eventsTaken += events.length;
      return events;
    });
  }

  /** The pointer's position as the X server reports it to xdotool. */
  async pointerLocation(): Promise<{ x: number; y: number }> {
    const { stdout } = await promisify(execFile)('xdotool', ['getmouselocation', '--shell'], { env: this.env });
    const coordinate = (name: string): number => Number(new RegExp(`^${name}=(\\d+)$`, 'm').exec(stdout)?.[1]);
    return { x: coordinate('X'), y: coordinate('Y') };
  }

  /** Stops the window, and the server unless it ends with its last client (see XSessionOptions). */
  async stop(): Promise<void> {
    await stopAll(this.endWithLastClient ? [this.window] : [this.server, this.window]);
  }
}

/**
 * xev's events: a blank line, then one block of lines per event, written at once. Output that does not
 * end in a newline has a block still being written, which is left out until it is whole.
 */
function parseXevOutput(text: string): XEvent[] {
  const blocks = text.split('\n\n').slice(1);
  return (text.endsWith('\n') ? blocks : blocks.slice(0, -1)).map(parseXevBlock);
}

function parseXevBlock(block: string): XEvent {
  const event: XEvent = { type: block.trim().split(' ')[0] ?? '' };
  const keysym = /\(keysym 0x[0-9a-f]+, ([^)]+)\)/.exec(block)?.[1];
  const button = /\bbutton (\d+)/.exec(block)?.[1];
  const state = /\bstate (0x[0-9a-f]+)/.exec(block)?.[1];
  const root = /root:\((-?\d+),(-?\d+)\)/.exec(block);
  if (keysym !== undefined) event.keysym = keysym;
  if (button !== undefined) event.button = Number(button);
  if (state !== undefined) event.state = Number(state);
  if (root !== null) event.root = { x: Number(root[1]), y: Number(root[2]) };
  return event;
}
