import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';

import { pino } from 'pino';

import { actionConfigSchema } from '../output/actions/action-config.js';
import { createActionSet } from '../output/actions/action-set.js';
import { dryRunSystemControls } from '../output/actions/system-controls.js';
import { OutputEventFactory } from '../output/events/output-event.js';
import { DryRunLog } from '../output/system/dry-run.js';
import { ActionSwitch } from './action-switch.js';

const events = new OutputEventFactory('keys', () => 1_700_000_000);

/** A frame on which a fist starts: the keyboard action below presses space. */
const fistFrame = (timestampMs: number) => ({
  timestampMs,
  results: [],
  hands: [],
  gestures: [{ frameMs: timestampMs, key: `test/${timestampMs}/0`, event: events.create('gesture_detected', { gesture_type: 'fist', confidence: 1, finger_count: 0, pinch_distance: null, gesture_velocity: 0, inference_latency_ms: 0, raw_output: { hands: [], hands_detected: 0 }, classifier: 'static' }) }],
});

/** A session's keyboard action whose control, like the real one probing the X display, takes 150 ms to ready. */
function slowKeyboardActions() {
  const log = new DryRunLog();
  const controls = dryRunSystemControls(log);
  const set = createActionSet({
    project: 'keys',
    actions: [actionConfigSchema.parse({ type: 'keyboard', bindings: { fist: 'space' } })],
    controls: { ...controls, keyboard: async () => (await delay(150), controls.keyboard()) },
    dryRunLog: new DryRunLog(),
    emit: () => undefined,
    logger: pino({ level: 'silent' }),
  });
  return { set, pressed: () => log.entries.filter((entry) => entry.control === 'keyboard') };
}

describe('the action switch disarmed while actions are being armed (the panic switch)', () => {
  test('a disarm during the arm leaves every action disarmed: no key is pressed', async () => {
    const actionSwitch = new ActionSwitch();
    const { set, pressed } = slowKeyboardActions();
    await actionSwitch.attach(set);
    const arming = actionSwitch.arm();
    await delay(20);
    await actionSwitch.disarm();
    await arming;
    assert.equal(actionSwitch.armed, false);
    assert.deepEqual(set.status.map((action) => action.armed), [false]);
    set.offer(fistFrame(0));
    await delay(200);
    assert.deepEqual(pressed(), []);
  });

  test('a disarm while a session attaches to the switch turned on leaves its actions disarmed', async () => {
    const actionSwitch = new ActionSwitch();
    await actionSwitch.arm();
    const { set, pressed } = slowKeyboardActions();
    const attaching = actionSwitch.attach(set);
    await delay(20);
    await actionSwitch.disarm();
    await attaching;
    assert.deepEqual(set.status.map((action) => action.armed), [false]);
    set.offer(fistFrame(0));
    await delay(200);
    assert.deepEqual(pressed(), []);
    // And armed for real, the same session presses the key.
    await actionSwitch.arm();
    set.offer(fistFrame(1000));
    await delay(400);
    assert.deepEqual(pressed().map((entry) => entry.args[0]), ['space']);
  });
});

describe("the action switch's changes, which every client showing it follows", () => {
  test('tells each change once, and an arm that fails as on then off again: never off while actions may act', async () => {
    const actionSwitch = new ActionSwitch();
    const told: boolean[] = [];
    actionSwitch.on('changed', (armed) => told.push(armed));
    await actionSwitch.arm();
    await actionSwitch.arm();
    await actionSwitch.disarm();
    await actionSwitch.disarm();
    assert.deepEqual(told, [true, false]);
    await actionSwitch.attach({ arm: () => Promise.reject(new Error('no display')), disarm: async () => {} });
    await assert.rejects(actionSwitch.arm(), /no display/);
    assert.deepEqual(told, [true, false, true, false]);
    assert.equal(actionSwitch.armed, false);
  });
});
