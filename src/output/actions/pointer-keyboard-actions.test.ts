import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { findProject, parseUserProject, type ProjectDefinition } from '../../projects/projects.js';
import { missingTools } from '../../testing/required-tools.js';
import { SCREEN, XSession, type XEvent } from '../../testing/x-session.js';
import { EventDispatcher } from '../events/event-dispatcher.js';
import type { OutputEvent, OutputEventOf } from '../events/output-event.js';
import { ProjectOutput } from '../project-output.js';
import { asHand, handPose, SyntheticRun, withThumbGap } from '../testing/synthetic-frames.js';
import { LET_GO_WITHOUT_FRAMES_MS } from './guarded-action.js';
import { frameToScreen } from './screen-mapping.js';
import { realSystemControls } from './system-controls.js';

const BUTTON1_MASK = 0x100;
const CONTROL_MASK = 0x4;
const SHIFT_MASK = 0x1;
const INDEX_TIP = 8;

const ofType = (events: XEvent[], type: string): XEvent[] => events.filter((event) => event.type === type);

/** A project's output stage on real controls, fed frames from the real inference engine at 30 fps. */
class Driven {
  readonly events: OutputEvent[] = [];
  readonly output: ProjectOutput;
  private readonly run: SyntheticRun;
  private t = 0;

  constructor(project: ProjectDefinition) {
    const dispatcher = new EventDispatcher();
    dispatcher.addListener((event) => void this.events.push(event));
    this.output = new ProjectOutput({ project, dispatcher, logger: pino({ level: 'silent' }), controls: realSystemControls() });
    this.run = new SyntheticRun(project.classifiers);
  }

  async show(frames: number, pose: (frame: number) => ReturnType<typeof handPose>): Promise<void> {
    for (let i = 0; i < frames; i++, this.t += 33) {
      this.output.write(this.run.frame(this.t, pose(i)));
      await this.output.actions.idle();
    }
  }

  ofType<T extends OutputEvent['type']>(type: T): OutputEventOf<T>[] {
    return this.events.filter((event): event is OutputEventOf<T> => event.type === type);
  }
}

/** Where the virtual mouse puts the cursor for a pose: its index fingertip mapped through the 0.15 margin. */
function cursorFor(pose: ReturnType<typeof handPose>): { x: number; y: number } {
  const tip = asHand(pose).landmarks[INDEX_TIP]!;
  const point = frameToScreen(tip, 0.15, SCREEN);
  return { x: Math.round(point.x), y: Math.round(point.y) };
}

const openHand = (wrist: { x: number; y: number }) => withThumbGap(handPose('11111', wrist), 80);
const pinching = (wrist: { x: number; y: number }) => withThumbGap(handPose('11111', wrist), 0);

// libnut keeps one X display connection per process, so this file drives one X session, which ends with
// this process (see XSessionOptions.endWithLastClient).
describe('pointer and keyboard actions on a real X server (Xvfb, read back with xdotool and xev)', { skip: missingTools('Xvfb', 'xev', 'xdotool') }, () => {
  let x: XSession;
  let mouse: Driven;
  const originalDisplay = process.env['DISPLAY'];

  before(async () => {
    x = await XSession.start({ eventWindow: true, endWithLastClient: true });
    process.env['DISPLAY'] = x.display;
    mouse = new Driven(findProject('virtual-mouse'));
    await mouse.output.actions.arm();
  });
  after(async () => {
    await mouse?.output.close();
    await x?.stop();
    if (originalDisplay === undefined) delete process.env['DISPLAY'];
    else process.env['DISPLAY'] = originalDisplay;
  });

  test('the index fingertip moves the X cursor: the frame within the margin covers the screen, smoothed', async () => {
    for (const wrist of [{ x: 200, y: 420 }, { x: 450, y: 380 }]) {
      await mouse.show(60, () => openHand(wrist)); // 2 s: the smoothing settles on a still hand
      const expected = cursorFor(openHand(wrist));
      const at = await x.pointerLocation();
      assert.ok(Math.abs(at.x - expected.x) <= 1 && Math.abs(at.y - expected.y) <= 1, `cursor at ${at.x},${at.y}, expected ${expected.x},${expected.y}`);
      const moved = mouse.ofType('cursor_moved').at(-1)?.data;
      assert.deepEqual(moved && { x: moved.x, y: moved.y }, at, 'cursor_moved tells where the cursor went');
      assert.deepEqual(moved && [moved.screen_width, moved.screen_height, moved.dragging], [SCREEN.width, SCREEN.height, false]);
    }
  });

  test('a short pinch clicks where the cursor is: ButtonPress and ButtonRelease 1 in the window', async () => {
    const wrist = { x: 300, y: 400 };
    await mouse.show(40, () => openHand(wrist));
    const at = await x.pointerLocation();
    await x.takeEvents('the moves so far', () => true);
    await mouse.show(4, () => pinching(wrist));
    await mouse.show(3, () => openHand(wrist));
    const events = await x.takeEvents('a click', (seen) => ofType(seen, 'ButtonRelease').length >= 1);
    assert.deepEqual(events.filter((e) => e.type.startsWith('Button')).map((e) => `${e.type} ${e.button} at ${e.root?.x},${e.root?.y}`), [
      `ButtonPress 1 at ${at.x},${at.y}`,
      `ButtonRelease 1 at ${at.x},${at.y}`,
    ]);
    assert.deepEqual(mouse.ofType('cursor_clicked').at(-1)?.data, { x: at.x, y: at.y, button: 'left', kind: 'click' });
  });

  test('a pinch held drags: the button goes down, the cursor moves with it held, and comes up where the hand let go', async () => {
    const start = { x: 250, y: 420 };
    await mouse.show(40, () => openHand(start));
    await mouse.show(15, () => pinching(start)); // 500 ms: past the 400 ms hold
    await mouse.show(45, (frame) => pinching({ x: 250 + Math.min(frame, 15) * 10, y: 420 }));
    await mouse.show(3, () => openHand({ x: 400, y: 420 }));
    const events = await x.takeEvents('a drag', (seen) => ofType(seen, 'ButtonRelease').length >= 1);
    const [press] = ofType(events, 'ButtonPress');
    const [release] = ofType(events, 'ButtonRelease');
    assert.ok(press?.root !== undefined && release?.root !== undefined);
    assert.ok(release.root.x - press.root.x > 100, `dragged from ${press.root.x} to ${release.root.x}`);
    const heldMotion = ofType(events, 'MotionNotify').filter((e) => e.state !== undefined && (e.state & BUTTON1_MASK) !== 0);
    assert.ok(heldMotion.length > 0, 'the cursor moved with button 1 held');
    assert.deepEqual(mouse.ofType('cursor_clicked').slice(-2).map((event) => event.data.kind), ['press', 'release']);
    assert.ok(mouse.ofType('cursor_moved').some((event) => event.data.dragging));
  });

  test('two fingers moved down the frame scroll down (button 5), then up (button 4)', async () => {
    await x.takeEvents('what came before', () => true);
    await mouse.show(20, (frame) => handPose('01100', { x: 320, y: 300 + frame * 6 }));
    await mouse.show(20, (frame) => handPose('01100', { x: 320, y: 420 - frame * 8 }));
    const events = await x.takeEvents('wheel notches', (seen) => ofType(seen, 'ButtonRelease').filter((e) => e.button === 4).length >= 3);
    const buttons = ofType(events, 'ButtonPress').map((e) => e.button);
    assert.ok(buttons.filter((b) => b === 5).length >= 3 && buttons.indexOf(5) < buttons.indexOf(4), `wheel buttons ${buttons.join(',')}`);
    assert.ok(!buttons.includes(1), 'no click while scrolling');
  });

  test('frames stopping mid-drag let the button go within a second, and the drag starts again when they come back', async () => {
    await mouse.show(10, () => openHand({ x: 300, y: 400 }));
    await x.takeEvents('what came before', () => true);
    await mouse.show(20, () => pinching({ x: 300, y: 400 }));
    assert.equal(mouse.ofType('cursor_clicked').at(-1)?.data.kind, 'press');
    const stopped = performance.now();
    const events = await x.takeEvents('the release', (seen) => ofType(seen, 'ButtonRelease').some((e) => e.button === 1));
    const afterMs = performance.now() - stopped;
    assert.ok(afterMs >= LET_GO_WITHOUT_FRAMES_MS - 50 && afterMs < LET_GO_WITHOUT_FRAMES_MS + 1000, `released ${afterMs.toFixed(0)} ms after the last frame`);
    assert.deepEqual(ofType(events, 'ButtonPress').map((e) => e.button), [1]);
    assert.equal(mouse.ofType('cursor_clicked').at(-1)?.data.kind, 'release');
    assert.ok(mouse.output.actions.status.every((action) => action.armed), 'still armed');
    await mouse.show(20, () => pinching({ x: 300, y: 400 }));
    assert.equal(mouse.ofType('cursor_clicked').at(-1)?.data.kind, 'press', 'a pinch held again presses again');
    await mouse.show(3, () => openHand({ x: 300, y: 400 }));
    assert.equal(mouse.ofType('cursor_clicked').at(-1)?.data.kind, 'release');
    await x.takeEvents('the second release', (seen) => ofType(seen, 'ButtonRelease').some((e) => e.button === 1));
  });

  test('disarming mid-drag lets the button go', async () => {
    await mouse.show(10, () => openHand({ x: 300, y: 400 }));
    await mouse.show(20, () => pinching({ x: 300, y: 400 }));
    assert.equal(mouse.ofType('cursor_clicked').at(-1)?.data.kind, 'press');
    await mouse.output.actions.disarm();
    const events = await x.takeEvents('the release', (seen) => ofType(seen, 'ButtonRelease').some((e) => e.button === 1));
    assert.equal(ofType(events, 'ButtonRelease').filter((e) => e.button === 1).length, 1);
    assert.deepEqual(mouse.events.at(-1)?.data, { component: 'actions', state: 'disarmed' });
  });

  test('the keyboard action presses a gesture\'s key and a shortcut with its modifiers, once per gesture', async () => {
    const keys = new Driven(
      parseUserProject('keys', { classifiers: ['static'], actions: [{ type: 'keyboard', bindings: { fist: 'space', thumbs_up: 'control+shift+t' } }] }),
    );
    await keys.show(15, () => handPose('00000')); // disarmed: nothing
    await keys.output.actions.arm();
    await x.takeEvents('what came before', () => true);
    await keys.show(15, () => handPose('11111'));
    await keys.show(15, () => handPose('00000'));
    await keys.show(15, () => handPose('11111'));
    await keys.show(15, () => handPose('10000'));
    const events = await x.takeEvents('two key taps', (seen) => ofType(seen, 'KeyRelease').some((e) => e.keysym === 'T' || e.keysym === 't'));
    const presses = ofType(events, 'KeyPress').filter((e) => !/^(Control|Shift)_/.test(e.keysym ?? ''));
    assert.deepEqual(presses.map((e) => e.keysym?.toLowerCase()), ['space', 't']);
    assert.equal((presses[1]?.state ?? 0) & (CONTROL_MASK | SHIFT_MASK), CONTROL_MASK | SHIFT_MASK, 'Control and Shift held for the t');
    await keys.output.close();
  });
});
