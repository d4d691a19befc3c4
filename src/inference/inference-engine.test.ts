import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { HandflowError } from '../core/errors.js';
import { createInferenceEngine, loadInferenceEngine } from './create-inference-engine.js';
import { FingerCountClassifier } from './classifiers/finger-count-classifier.js';
import type { GestureEvent } from './gesture-events.js';
import type { InferenceEngine } from './inference-engine.js';
import { syntheticExtraction, syntheticHandLandmarks } from './testing/synthetic-extraction.js';
import { syntheticHand, transformHand } from './testing/synthetic-hand.js';

const hand = (fingers: string, offset = { x: 320, y: 300, z: 0 }) =>
  syntheticHandLandmarks(transformHand(syntheticHand({ extended: [...fingers].map((bit) => bit === '1') }), {}, offset));

/** Runs one hand pose per frame at 30 fps and lists the events as `started static fist`. */
function eventsOf(engine: InferenceEngine, poses: string[], startMs = 0): string[] {
  return poses.flatMap((pose, frame) =>
    engine.process(syntheticExtraction([hand(pose)], startMs + (frame * 100) / 3)).events.map(describeEvent),
  );
}

function describeEvent(event: GestureEvent): string {
  const detail = event.fingerCount === undefined ? '' : ` ${event.fingerCount}`;
  return `${event.type} ${event.classifier} ${event.gesture}${detail}`;
}

describe('InferenceEngine', () => {
  test('runs every registered classifier on each frame, in order, and refuses a duplicate name', () => {
    const engine = createInferenceEngine({ smoothing: { enabled: false } });
    assert.deepEqual(engine.classifiers.map((classifier) => classifier.name), ['finger_count', 'static', 'pinch', 'swipe']);
    const frame = engine.process(syntheticExtraction([hand('01100')], 0));
    assert.deepEqual(frame.results.map((result) => [result.classifier, result.gestureType]), [
      ['finger_count', 'finger_count'],
      ['static', 'victory'],
      ['pinch', 'none'],
      ['swipe', 'none'],
    ]);
    assert.equal(frame.results[0]!.fingerCount, 2);
    assert.ok(frame.inferenceLatencyMs >= 0);
    assert.throws(() => engine.register(new FingerCountClassifier()), (error: unknown) => error instanceof HandflowError && /already registered/.test(error.message));
    assert.equal(engine.unregister('pinch'), true);
    assert.equal(engine.unregister('pinch'), false);
    assert.equal(engine.classifiers.length, 3);
  });

  test('toDict has the wire keys exactly, with the raw output per hand', () => {
    const engine = createInferenceEngine({ classifiers: ['finger_count', 'pinch'], smoothing: { enabled: false } });
    const [count, pinch] = engine.process(syntheticExtraction([hand('11111'), hand('01000', { x: 100, y: 300, z: 0 })], 0)).results;
    const dict = count!.toDict();
    assert.deepEqual(Object.keys(dict), ['gesture_type', 'confidence', 'finger_count', 'pinch_distance', 'gesture_velocity', 'inference_latency_ms', 'raw_output']);
    assert.equal(dict.finger_count, 6, 'both hands counted');
    assert.equal(dict.pinch_distance, null);
    assert.equal(dict.raw_output.hands_detected, 2);
    assert.deepEqual(Object.keys(dict.raw_output.hands[0]!), ['label', 'confidence', 'fingers', 'finger_states', 'gesture']);
    assert.deepEqual(dict.raw_output.hands.map((h) => [h.fingers, h.finger_states.map(Number).join('')]), [[5, '11111'], [1, '01000']]);
    assert.equal(JSON.parse(JSON.stringify(dict)).raw_output.hands.length, 2, 'plain data');
    // An open hand's thumb and index tips are more than a palm length apart: pinch distance 1.
    assert.equal(pinch!.toDict().pinch_distance, 1);
  });

  test('lasting gestures start once held and end once gone: events on change only, not every frame', () => {
    const engine = createInferenceEngine({ classifiers: ['static'], smoothing: { enabled: false } });
    // A pose must be held for static.holdMs (400 ms): 15 frames at 30 fps are, 10 are not.
    const events = eventsOf(engine, [...Array(15).fill('00000'), ...Array(15).fill('11111')]);
    assert.deepEqual(events, ['started static fist', 'ended static fist', 'started static open_palm']);
    assert.deepEqual(eventsOf(createInferenceEngine({ classifiers: ['static'] }), Array(10).fill('10000')), []);
    assert.deepEqual(engine.finish(1000).map(describeEvent), ['ended static open_palm']);
  });

  test('a change of finger count is a change of state', () => {
    const engine = createInferenceEngine({ classifiers: ['finger_count'], smoothing: { enabled: false } });
    const events = eventsOf(engine, [...Array(5).fill('01000'), ...Array(5).fill('01100')]);
    assert.deepEqual(events, ['started finger_count finger_count 1', 'ended finger_count finger_count 1', 'started finger_count finger_count 2']);
  });

  test('a swipe is one detected event with its velocity; still images are each their own stream', () => {
    const engine = createInferenceEngine({ classifiers: ['swipe'] });
    // At rest for 3 frames, 6 frames of 60 px to the image's right, at rest again.
    const xs = [100, 100, 100, 160, 220, 280, 340, 400, 460, 460, 460, 460];
    const events = xs.flatMap((x, frame) => engine.process(syntheticExtraction([hand('11111', { x, y: 300, z: 0 })], frame * 50)).events);
    assert.equal(events.length, 1);
    assert.equal(events[0]!.type, 'detected');
    assert.equal(events[0]!.gesture, 'swipe_left');
    assert.ok(events[0]!.type === 'detected' && events[0]!.velocity! > 4, 'palm lengths per second');

    const stills = createInferenceEngine({ classifiers: ['static'] });
    for (let image = 0; image < 10; image++) assert.deepEqual(stills.process(syntheticExtraction([hand('00000')], 0)).events, []);
  });

  test('options are validated once, naming the setting; a missing gestures file says what to do', async () => {
    await assert.rejects(
      () => loadInferenceEngine({ pinch: { start: 0.3, release: 0.2 } }),
      (error: unknown) => error instanceof HandflowError && error.code === 'INVALID_OPTION' && /inference\.pinch\.release/.test(error.message),
    );
    assert.throws(() => createInferenceEngine({ smoothing: { beta: -1 } }), /inference\.smoothing\.beta/);
    assert.throws(() => createInferenceEngine({ classifiers: ['wave' as 'swipe'] }), /inference\.classifiers/);
    await assert.rejects(() => loadInferenceEngine({ customGestures: '/nonexistent/my.gestures.json' }), /gestures file \/nonexistent\/my\.gestures\.json not found: record a gesture first/);
  });
});
