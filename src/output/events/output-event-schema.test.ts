import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { pino } from 'pino';
import { parseUserProject } from '../../projects/projects.js';
import { repoRoot } from '../../testing/shared-data.js';
import { realSystemControls } from '../actions/system-controls.js';
import { ProjectOutput } from '../project-output.js';
import { assertWireEvent, validateOutputEvent } from '../testing/output-event-validator.js';
import { handPose, SyntheticRun, withThumbGap } from '../testing/synthetic-frames.js';
import { EventDispatcher } from './event-dispatcher.js';
import { OUTPUT_EVENT_TYPES, outputEventJsonSchema, outputEventSchema, type OutputEvent } from './output-event.js';

/** A project whose actions between them send every kind of event: all dry runs but a webhook that cannot connect. */
const everything = parseUserProject('everything', {
  description: 'every action',
  actions: [
    { type: 'volume', muteOnFist: true, dryRun: true, minIntervalMs: 0 },
    { type: 'mouse', dryRun: true, holdMs: 400 },
    { type: 'keyboard', bindings: { fist: 'space', swipe_left: 'right', swipe_right: 'left' }, dryRun: true },
    { type: 'notification', on: ['fingers_5'], dryRun: true },
    // Port 9 (discard) on loopback: nothing listens there, so the connection is refused at once.
    { type: 'webhook', on: ['fist'], url: 'http://127.0.0.1:9/hook', retries: 0 },
  ],
});

/** Runs poses through the real inference engine and the output stage; returns every event it sent. */
async function eventsOfARun(): Promise<OutputEvent[]> {
  const dispatcher = new EventDispatcher();
  const events: OutputEvent[] = [];
  dispatcher.addListener((event) => void events.push(event));
  const output = new ProjectOutput({ project: everything, dispatcher, logger: pino({ level: 'silent' }), controls: realSystemControls(), onDryRun: () => {} });
  await output.actions.arm();
  const run = new SyntheticRun(everything.classifiers);
  let t = 0;
  const show = async (frames: number, pose: () => ReturnType<typeof handPose>): Promise<void> => {
    for (let i = 0; i < frames; i++, t += 33) {
      output.write(run.frame(t, pose()));
      await output.actions.idle(); // each frame's actions done before the next, as on a slow camera
    }
  };
  await show(10, () => withThumbGap(handPose('11111'), 60)); // open hand held still: volume and cursor follow it
  await show(4, () => withThumbGap(handPose('11111'), 0)); // a short pinch: a click
  await show(3, () => handPose('11111'));
  await show(16, () => handPose('00000')); // a fist held: started, mute, key, webhook (fails)
  await show(8, () => handPose('11111')); // it ends
  // A swipe, from rest to rest.
  for (const x of [120, 120, 120, 180, 240, 300, 360, 420, 480, 540, 540, 540]) await show(1, () => handPose('11111', { x, y: 400 }));
  await output.close();
  return events;
}

describe('the output event wire format (schema/output-event.schema.json)', () => {
  test('the committed JSON Schema is the one generated from the zod schema (else run npm run build:schema)', () => {
    const committed: unknown = JSON.parse(readFileSync(join(repoRoot, 'schema', 'output-event.schema.json'), 'utf8'));
    assert.deepEqual(committed, outputEventJsonSchema());
  });

  test('real events of every type from a run are valid, by the JSON Schema and by the zod schema, with the envelope keys exactly', async () => {
    const events = await eventsOfARun();
    for (const event of events) assertWireEvent(event);
    for (const event of events) assert.deepEqual(outputEventSchema.parse(JSON.parse(JSON.stringify(event))), event);
    const types = new Set(events.map((event) => event.type));
    assert.deepEqual(OUTPUT_EVENT_TYPES.filter((type) => !types.has(type)), [], `types seen: ${[...types].join(', ')}`);
    for (const event of events) {
      assert.deepEqual(Object.keys(event), ['type', 'project', 'timestamp', 'data']);
      assert.equal(event.project, 'everything');
      assert.ok(event.timestamp > 1.6e9 && event.timestamp < 1e10, 'seconds since the epoch');
    }
  });

  test('gesture events carry the classifier result: a started fist, its end with how long it was held', async () => {
    const events = await eventsOfARun();
    const fist = events.filter((event) => (event.type === 'gesture_started' || event.type === 'gesture_ended') && event.data.gesture_type === 'fist');
    assert.deepEqual(fist.map((event) => event.type), ['gesture_started', 'gesture_ended']);
    const [started, ended] = fist;
    assert.ok(started?.type === 'gesture_started' && ended?.type === 'gesture_ended');
    assert.equal(started.data.classifier, 'static');
    assert.equal(started.data.raw_output.hands[0]?.gesture, 'fist');
    assert.ok((ended.data.held_ms ?? 0) > 100, `held ${ended.data.held_ms} ms`);
    assert.deepEqual({ ...ended.data, held_ms: undefined }, { ...started.data, held_ms: undefined }, 'the end carries the result it started with');
    const swipes = events.filter((event) => event.type === 'gesture_detected');
    assert.ok(swipes.some((event) => /^swipe_/.test(event.data.gesture_type) && (event.data.gesture_velocity ?? 0) > 0));
  });

  test('the schemas refuse what is not the wire format', () => {
    const valid = { type: 'state_changed', project: 'p', timestamp: 1_700_000_000.25, data: { component: 'actions', state: 'armed' } };
    assert.equal(validateOutputEvent(valid), true);
    assert.equal(outputEventSchema.safeParse(valid).success, true);
    const wrong: [string, unknown][] = [
      ['a missing key', { type: 'state_changed', project: 'p', data: valid.data }],
      ['an extra key', { ...valid, extra: 1 }],
      ['an unknown type', { ...valid, type: 'gesture' }],
      ['a timestamp in milliseconds as text', { ...valid, timestamp: '1700000000250' }],
      ['data of another type', { ...valid, type: 'volume_changed' }],
      ['a volume above 100', { ...valid, type: 'volume_changed', data: { volume: 140, previous: null, muted: false, cause: 'pinch_distance' } }],
      ['a multi-line error', { ...valid, type: 'error', data: { source: 'keyboard', code: 'TOOL_FAILED', message: 'one\ntwo' } }],
    ];
    for (const [what, event] of wrong) {
      assert.equal(validateOutputEvent(event), false, what);
      assert.equal(outputEventSchema.safeParse(event).success, false, what);
    }
  });
});
