import { createRequire } from 'node:module';
import { errorMessage, HandflowError } from '../../core/errors.js';
import { runCommand } from './run-command.js';

/** libnut's API: the same in its Linux, macOS and Windows packages. */
export type Libnut = typeof import('@nut-tree-fork/libnut-linux');

/**
 * The libnut build for this system, for the pointer and keyboard. Loaded on first use rather than at
 * import, so handflow runs without a desktop when no pointer or keyboard action is configured.
 * Throws SERVICE_UNAVAILABLE when Linux has no reachable X display.
 */
export async function loadLibnut(): Promise<Libnut> {
  switch (process.platform) {
    case 'linux':
      await checkXDisplay();
      return (await import('@nut-tree-fork/libnut-linux')).default;
    case 'darwin':
      return (await import('@nut-tree-fork/libnut-darwin')).default;
    case 'win32':
      return (await import('@nut-tree-fork/libnut-win32')).default;
    default:
      throw new HandflowError(
        'UNSUPPORTED_PLATFORM',
        `pointer and keyboard control are not available on ${process.platform}: only Linux (X11), macOS and Windows`,
      );
  }
}

// Opens the display as libnut does (from DISPLAY) and reads the screen size; exits non-zero if it cannot.
const PROBE_SCRIPT = 'require(process.argv[1]).getScreenSize()';

/**
 * libnut opens the X display in native code and crashes the whole process (a segmentation fault, not an
 * exception) when it cannot, so the display is first opened the same way in a short-lived child process.
 */
async function checkXDisplay(): Promise<void> {
  const display = process.env['DISPLAY'];
  if (display === undefined || display === '') {
    throw new HandflowError(
      'SERVICE_UNAVAILABLE',
      process.env['WAYLAND_DISPLAY'] === undefined
        ? 'no X display (DISPLAY is not set): run handflow inside a desktop session, or under Xvfb'
        : 'this Wayland session has no XWayland (DISPLAY is not set), and pointer and keyboard control work through X11: enable XWayland or use an X11 session',
    );
  }
  const libnutPath = createRequire(import.meta.url).resolve('@nut-tree-fork/libnut-linux');
  const probe = await runCommand(
    { kind: 'argv', argv: [process.execPath, '-e', PROBE_SCRIPT, libnutPath] },
    { timeoutMs: 10_000 },
  ).catch((error: unknown) => ({ exitCode: 1, stderr: errorMessage(error) }));
  if (probe.exitCode !== 0) {
    const reason = probe.stderr.trim().split('\n')[0] || 'the X server did not answer';
    throw new HandflowError(
      'SERVICE_UNAVAILABLE',
      `cannot open X display ${display} (${reason}): is the X server running, and may this user connect to it (XAUTHORITY, xhost)?`,
    );
  }
}
