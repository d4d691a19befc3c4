import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { afterEach, describe, test } from 'node:test';
import { isHandflowError } from '../../testing/handflow-error-assertion.js';
import { createKeyboardControl } from './libnut-keyboard.js';
import { createPointerControl } from './libnut-pointer.js';

/** A display number with no X server: no socket and no lock file for it. */
function unusedDisplay(): string {
  for (let number = 900; ; number++) {
    if (!existsSync(`/tmp/.X11-unix/X${number}`) && !existsSync(`/tmp/.X${number}-lock`)) return `:${number}`;
  }
}

// These run before anything in this process has loaded libnut: the checks must fail without loading it.
describe(
  'pointer and keyboard without a usable X display (Linux)',
  { skip: process.platform !== 'linux' && 'Linux only' },
  () => {
    const saved = { DISPLAY: process.env['DISPLAY'], WAYLAND_DISPLAY: process.env['WAYLAND_DISPLAY'] };
    const setEnv = (name: 'DISPLAY' | 'WAYLAND_DISPLAY', value: string | undefined): void => {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    };
    afterEach(() => {
      setEnv('DISPLAY', saved.DISPLAY);
      setEnv('WAYLAND_DISPLAY', saved.WAYLAND_DISPLAY);
    });

    test('no DISPLAY: a one-line error saying to run inside a desktop session or Xvfb', async () => {
      setEnv('DISPLAY', undefined);
      setEnv('WAYLAND_DISPLAY', undefined);
      await assert.rejects(
        createPointerControl(),
        isHandflowError(
          'SERVICE_UNAVAILABLE',
          /^no X display \(DISPLAY is not set\): run handflow inside a desktop session, or under Xvfb$/,
        ),
      );
      await assert.rejects(createKeyboardControl(), isHandflowError('SERVICE_UNAVAILABLE', /^no X display/));
    });

    test('Wayland without XWayland: the error says so', async () => {
      setEnv('DISPLAY', undefined);
      setEnv('WAYLAND_DISPLAY', 'wayland-0');
      await assert.rejects(
        createPointerControl(),
        isHandflowError(
          'SERVICE_UNAVAILABLE',
          /^this Wayland session has no XWayland .*: enable XWayland or use an X11 session$/,
        ),
      );
    });

    test('a DISPLAY with no X server behind it: an error, where libnut alone would crash the process', async () => {
      const display = unusedDisplay();
      setEnv('DISPLAY', display);
      await assert.rejects(
        createPointerControl(),
        isHandflowError(
          'SERVICE_UNAVAILABLE',
          new RegExp(`^cannot open X display ${display} \\(Could not open main display\\): is the X server running`),
        ),
      );
    });
  },
);
