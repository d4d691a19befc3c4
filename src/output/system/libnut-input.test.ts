import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { missingTools } from '../../testing/required-tools.js';
import { SCREEN, XSession, type XEvent } from '../../testing/x-session.js';
import type { KeyboardControl } from './keyboard-control.js';
import { parseKeyCombo } from './key-names.js';
import { createKeyboardControl } from './libnut-keyboard.js';
import { createPointerControl } from './libnut-pointer.js';
import type { PointerControl } from './pointer-control.js';

const CONTROL_MASK = 0x4;
const SHIFT_MASK = 0x1;
const BUTTON1_MASK = 0x100;

const ofType = (events: XEvent[], type: string): XEvent[] => events.filter((event) => event.type === type);

// libnut keeps one X display connection per process, so this whole file drives one X session. It ends
// with this process (see XSessionOptions.endWithLastClient).
describe(
  'libnut pointer and keyboard on a real X server (Xvfb, read back with xdotool and xev)',
  { skip: missingTools('Xvfb', 'xev', 'xdotool') },
  () => {
    let decoy: XSession;
    let x: XSession;
    let pointer: PointerControl;
    let keyboard: KeyboardControl;
    const originalDisplay = process.env['DISPLAY'];

    before(async () => {
      // Another X server, on the lowest free display: robotjs, libnut's ancestor, opened ":0.0" before DISPLAY
      decoy = await XSession.start({ eventWindow: false });
      x = await XSession.start({ eventWindow: true, endWithLastClient: true });
      process.env['DISPLAY'] = x.display;
      pointer = await createPointerControl();
      keyboard = await createKeyboardControl();
    });
    after(async () => {
      await x?.stop();
      await decoy?.stop();
      if (originalDisplay === undefined) delete process.env['DISPLAY'];
      else process.env['DISPLAY'] = originalDisplay;
    });

    test('drives the X server DISPLAY names, not another one', async () => {
      assert.deepEqual(await pointer.screenSize(), SCREEN);
      const decoyStart = await decoy.pointerLocation();
      await pointer.moveTo(10, 20);
      assert.deepEqual(await x.pointerLocation(), { x: 10, y: 20 });
      assert.deepEqual(await decoy.pointerLocation(), decoyStart, `the pointer on ${decoy.display} did not move`);
    });

    test('moveTo moves the X cursor: xdotool getmouselocation and xev see it there', async () => {
      for (const [x0, y0] of [
        [100, 150],
        [1000, 700.4],
        [0, 0],
        [1279, 799],
      ] as const) {
        await pointer.moveTo(x0, y0);
        assert.deepEqual(await x.pointerLocation(), { x: x0, y: Math.round(y0) });
        assert.deepEqual(await pointer.position(), { x: x0, y: Math.round(y0) });
      }
      const motions = ofType(
        await x.takeEvents('the pointer motion', (events) =>
          ofType(events, 'MotionNotify').some((e) => e.root?.x === 1279),
        ),
        'MotionNotify',
      );
      assert.deepEqual(motions.at(-1)?.root, { x: 1279, y: 799 });
    });

    test('click presses and releases each button in the window under the pointer', async () => {
      await pointer.moveTo(640, 400);
      await pointer.click();
      await pointer.click('right');
      await pointer.click('middle');
      const events = await x.takeEvents('three clicks', (seen) => ofType(seen, 'ButtonRelease').length >= 3);
      const buttons = events
        .filter((e) => e.type.startsWith('Button'))
        .map((e) => `${e.type} ${e.button} at ${e.root?.x},${e.root?.y}`);
      assert.deepEqual(buttons, [
        'ButtonPress 1 at 640,400',
        'ButtonRelease 1 at 640,400',
        'ButtonPress 3 at 640,400',
        'ButtonRelease 3 at 640,400',
        'ButtonPress 2 at 640,400',
        'ButtonRelease 2 at 640,400',
      ]);
    });

    test('press, move, release is a drag: the motion happens with the left button held', async () => {
      await pointer.moveTo(200, 200);
      await pointer.press();
      await pointer.moveTo(400, 300);
      await pointer.release();
      const events = await x.takeEvents('a drag', (seen) => ofType(seen, 'ButtonRelease').length >= 1);
      assert.deepEqual(
        ofType(events, 'ButtonPress').map((e) => e.root),
        [{ x: 200, y: 200 }],
      );
      const drag = ofType(events, 'MotionNotify').find((e) => e.root?.x === 400);
      assert.ok(
        drag?.state !== undefined && (drag.state & BUTTON1_MASK) !== 0,
        'the move to 400,300 happened with button 1 down',
      );
      assert.deepEqual(
        ofType(events, 'ButtonRelease').map((e) => e.root),
        [{ x: 400, y: 300 }],
      );
    });

    test('scroll turns the wheel by notches: dy > 0 down (button 5), dy < 0 up (4), dx > 0 right (7), dx < 0 left (6)', async () => {
      await pointer.scroll(0, 2);
      await pointer.scroll(0, -1);
      await pointer.scroll(1, 0);
      await pointer.scroll(-1, 0);
      const events = await x.takeEvents('five wheel notches', (seen) => ofType(seen, 'ButtonRelease').length >= 5);
      assert.deepEqual(
        ofType(events, 'ButtonPress').map((e) => e.button),
        [5, 5, 4, 7, 6],
      );
    });

    test('presentation keys reach the X window: right, left, space, pageup, pagedown, f5, enter, escape', async () => {
      for (const key of ['right', 'left', 'space', 'pageup', 'pagedown', 'f5', 'enter', 'escape'] as const)
        await keyboard.tap(key);
      const events = await x.takeEvents('eight key taps', (seen) => ofType(seen, 'KeyRelease').length >= 8);
      assert.deepEqual(
        ofType(events, 'KeyPress').map((e) => e.keysym),
        ['Right', 'Left', 'space', 'Prior', 'Next', 'F5', 'Return', 'Escape'],
      );
      assert.equal(ofType(events, 'KeyRelease').length, 8);
    });

    test('a shortcut holds its modifiers while the key is pressed, then lets them go', async () => {
      const { key, modifiers } = parseKeyCombo('control+shift+t');
      await keyboard.tap(key, modifiers);
      await keyboard.tap('a');
      const events = await x.takeEvents('the shortcut and a plain key', (seen) =>
        ofType(seen, 'KeyRelease').some((e) => e.keysym === 'a'),
      );
      const t = ofType(events, 'KeyPress').find((e) => e.keysym === 'T' || e.keysym === 't');
      assert.ok(t?.state !== undefined, 'the t key press was seen');
      assert.equal(t.state & (CONTROL_MASK | SHIFT_MASK), CONTROL_MASK | SHIFT_MASK, 'Control and Shift were held');
      const a = ofType(events, 'KeyPress').find((e) => e.keysym === 'a');
      assert.equal(a?.state, 0, 'the modifiers were released before the next key');
    });

    test('letters, digits and media keys', async () => {
      for (const key of ['z', '0', '9', 'volumeup', 'mute'] as const) await keyboard.tap(key);
      const events = await x.takeEvents('five key taps', (seen) => ofType(seen, 'KeyRelease').length >= 5);
      assert.deepEqual(
        ofType(events, 'KeyPress').map((e) => e.keysym),
        ['z', '0', '9', 'XF86AudioRaiseVolume', 'XF86AudioMute'],
      );
    });
  },
);
