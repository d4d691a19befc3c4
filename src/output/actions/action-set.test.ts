import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pino } from 'pino';
import { OutputEventFactory, type OutputEvent } from '../events/output-event.js';
import { DryRunLog } from '../system/dry-run.js';
import { HandflowError } from '../../core/errors.js';
import { actionConfigSchema } from './action-config.js';
import type { ActionFrame } from './action-frame.js';
import { createActionSet } from './action-set.js';
import { GuardedAction } from './guarded-action.js';
import type { ActionHandler } from './output-action.js';
import { dryRunSystemControls } from './system-controls.js';

const events = new OutputEventFactory('p', () => 1_700_000_000);
const frame = (timestampMs: number, swipe?: 'swipe_left' | 'swipe_right'): ActionFrame => ({
  timestampMs,
  results: [],
  hands: [],
  gestures:
    swipe === undefined
      ? []
      : [{ frameMs: timestampMs, key: `test/${timestampMs}/0`, event: events.create('gesture_detected', { gesture_type: swipe, confidence: 1, finger_count: null, pinch_distance: null, gesture_velocity: 3, inference_latency_ms: 0, raw_output: { hands: [], hands_detected: 0 }, classifier: 'swipe' }) }],
});

/** A handler whose calls finish when the test says. */
class ControlledHandler implements ActionHandler {
  readonly handled: ActionFrame[] = [];
  private finish: (() => void) | undefined;
  prepareError: Error | undefined;
  released = 0;

  async prepare(): Promise<void> {
    if (this.prepareError !== undefined) throw this.prepareError;
  }

  handle(frame: ActionFrame): Promise<void> {
    this.handled.push(frame);
    if (frame.timestampMs < 0) return Promise.reject(new HandflowError('TOOL_FAILED', 'xdotool failed'));
    return new Promise((resolve) => (this.finish = resolve));
  }

  done(): void {
    this.finish?.();
  }

  async release(): Promise<void> {
    this.released += 1;
  }
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('GuardedAction', () => {
  test('disarmed it does nothing and succeeds; armed it acts', async () => {
    const handler = new ControlledHandler();
    const action = new GuardedAction('keys', 'keyboard', false, handler, () => {});
    assert.equal(await action.execute(frame(0)), true);
    assert.equal(handler.handled.length, 0);
    await action.arm();
    const done = action.execute(frame(33));
    await settle();
    handler.done();
    assert.equal(await done, true);
    assert.deepEqual(handler.handled.map((f) => f.timestampMs), [33]);
  });

  test('frames that come while it is busy wait as one, the latest, carrying the gestures of the others', async () => {
    const handler = new ControlledHandler();
    const action = new GuardedAction('keys', 'keyboard', false, handler, () => {});
    await action.arm();
    const first = action.execute(frame(0));
    const skipped = action.execute(frame(33, 'swipe_left'));
    const latest = action.execute(frame(66, 'swipe_right'));
    await settle();
    handler.done();
    await first;
    await settle();
    handler.done();
    assert.equal(await skipped, true);
    assert.equal(await latest, true);
    assert.deepEqual(handler.handled.map((f) => f.timestampMs), [0, 66]);
    assert.deepEqual(handler.handled[1]?.gestures.map((g) => [g.event.data.gesture_type, g.frameMs]), [['swipe_left', 33], ['swipe_right', 66]]);
  });

  test('a failure resolves false and is reported with its frame; the next frame is handled', async () => {
    const handler = new ControlledHandler();
    const failures: string[] = [];
    const action = new GuardedAction('mouse', 'mouse', false, handler, (error, at) => failures.push(`${(error as Error).message} at ${at.timestampMs}`));
    await action.arm();
    assert.equal(await action.execute(frame(-1)), false);
    assert.deepEqual(failures, ['xdotool failed at -1']);
    const next = action.execute(frame(33));
    await settle();
    handler.done();
    assert.equal(await next, true);
  });

  test('disarming waits for the frame under way, drops the waiting one and releases', async () => {
    const handler = new ControlledHandler();
    const action = new GuardedAction('mouse', 'mouse', false, handler, () => {});
    await action.arm();
    void action.execute(frame(0));
    const waiting = action.execute(frame(33));
    const disarmed = action.disarm();
    await settle();
    handler.done();
    await disarmed;
    assert.equal(await waiting, true);
    assert.deepEqual(handler.handled.map((f) => f.timestampMs), [0]);
    assert.equal(handler.released, 1);
  });
});

/** An action whose readying finishes when the test calls `readied` (each arm's own readying in turn). */
function slowToReady(): { handler: ControlledHandler; action: GuardedAction; readied: () => void } {
  const handler = new ControlledHandler();
  let finish: () => void = () => {};
  handler.prepare = () => new Promise((resolve) => (finish = resolve));
  return { handler, action: new GuardedAction('keys', 'keyboard', false, handler, () => {}), readied: () => finish() };
}

describe('GuardedAction armed and disarmed at once', () => {
  test('a disarm while it is being readied wins: it stays disarmed and acts on nothing', async () => {
    const { handler, action, readied } = slowToReady();
    const arming = action.arm();
    await action.disarm();
    readied();
    await arming;
    assert.equal(action.armed, false);
    assert.equal(await action.execute(frame(0, 'swipe_left')), true);
    assert.deepEqual(handler.handled, []);
    // Armed again later, it arms.
    const again = action.arm();
    readied();
    await again;
    assert.equal(action.armed, true);
  });

  test('a frame waiting when it is disarmed stays dropped though it is armed again before the busy frame has stopped', async () => {
    const handler = new ControlledHandler();
    const action = new GuardedAction('keys', 'keyboard', false, handler, () => {});
    await action.arm();
    void action.execute(frame(0));
    const stale = action.execute(frame(33, 'swipe_left'));
    const disarmed = action.disarm();
    // Another client arms again while the frame under way is still stopping (a killed command's last output).
    const rearmed = action.arm();
    await rearmed;
    const fresh = action.execute(frame(66, 'swipe_right'));
    handler.done();
    assert.equal(await stale, true);
    await settle();
    handler.done();
    assert.equal(await fresh, true);
    await disarmed;
    assert.deepEqual(handler.handled.map((f) => [f.timestampMs, f.gestures.map((g) => g.event.data.gesture_type)]), [[0, []], [66, ['swipe_right']]]);
    assert.equal(handler.released, 0, 'what the new arming holds is not let go by the disarm before it');
    assert.equal(action.armed, true);
  });

  test('arms asked for twice, then a disarm, while the first is readied: it stays disarmed', async () => {
    const { action, readied } = slowToReady();
    const first = action.arm();
    const second = action.arm(); // a double click, or a second client
    await action.disarm(); // the panic switch
    readied();
    await first;
    await settle();
    readied();
    await second;
    assert.equal(action.armed, false);
  });

  test('arms asked for twice at once arm once: a disarm then cuts short the frame under way', async () => {
    let readied: () => void = () => {};
    const signals: AbortSignal[] = [];
    const handler: ActionHandler = {
      prepare: () => new Promise<void>((resolve) => (readied = resolve)),
      handle: (_frame: ActionFrame, armed: AbortSignal) => {
        signals.push(armed);
        return new Promise<void>((resolve) => armed.addEventListener('abort', () => resolve()));
      },
    };
    const action = new GuardedAction('keys', 'keyboard', false, handler, () => {});
    const first = action.arm();
    const second = action.arm();
    readied();
    await first;
    readied();
    await second;
    const running = action.execute(frame(0));
    await settle();
    await action.disarm();
    assert.equal(signals.length, 1);
    assert.equal(signals[0]!.aborted, true, 'the frame under way was told of the disarm');
    assert.equal(await running, true);
  });
});

describe('ActionSet', () => {
  const configs = [actionConfigSchema.parse({ type: 'keyboard', bindings: { fist: 'space' } }), actionConfigSchema.parse({ type: 'volume', name: 'sound', dryRun: true })];
  const make = (controls = dryRunSystemControls(new DryRunLog())) => {
    const sent: OutputEvent[] = [];
    const set = createActionSet({ project: 'p', actions: configs, controls, dryRunLog: new DryRunLog(), emit: (type, data) => void sent.push(events.create(type, data)), logger: pino({ level: 'silent' }) });
    return { set, sent };
  };

  test('starts disarmed; arms and disarms all or one by name, telling listeners', async () => {
    const { set, sent } = make();
    assert.deepEqual(set.status, [
      { name: 'keyboard', type: 'keyboard', armed: false, dryRun: false },
      { name: 'sound', type: 'volume', armed: false, dryRun: true },
    ]);
    await set.arm('sound');
    await set.arm();
    await set.disarm('keyboard');
    assert.deepEqual(set.status.map((action) => action.armed), [false, true]);
    assert.deepEqual(sent.map((event) => event.data), [
      { component: 'sound', state: 'armed' },
      { component: 'actions', state: 'armed' },
      { component: 'keyboard', state: 'disarmed' },
    ]);
    await assert.rejects(set.arm('mouse'), { code: 'INVALID_OPTION', message: 'project p has no action named "mouse": its actions are keyboard, sound' });
  });

  test('arming is all or nothing: when one action cannot be readied, none is armed and the reason is thrown', async () => {
    const controls = { ...dryRunSystemControls(new DryRunLog()), keyboard: () => Promise.reject(new HandflowError('SERVICE_UNAVAILABLE', 'no X display (DISPLAY is not set)')) };
    const { set, sent } = make(controls);
    await assert.rejects(set.arm(), { code: 'SERVICE_UNAVAILABLE', message: 'no X display (DISPLAY is not set)' });
    assert.deepEqual(set.status.map((action) => action.armed), [false, false]);
    assert.deepEqual(sent, []);
  });
});
