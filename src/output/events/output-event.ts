import { z } from 'zod';

import { inferenceResultDictSchema } from '../../inference/inference-result.js';

/*
 * The output event wire format, defined once: the types below are derived from these schemas, and
 * schema/output-event.schema.json is generated from them (`npm run build:schema`) for clients.
 */

/**
 * A gesture event's data: the inference result of the classifier that saw it (`InferenceResult.toDict()`,
 * the design's keys), with the classifier's name.
 */
const gestureEventDataSchema = inferenceResultDictSchema
  .extend({ classifier: z.string().min(1).describe('The classifier that saw the gesture.') })
  .meta({ id: 'gestureData', description: "A classifier's result, InferenceResult.toDict(), with the classifier's name." });

/** `gesture_ended`: the result the gesture started with (by then the classifier shows something else), and how long it lasted. */
const endedGestureEventDataSchema = gestureEventDataSchema
  .extend({ held_ms: z.number().min(0).describe('How long the gesture lasted.') })
  .meta({ id: 'endedGestureData', description: 'The result the gesture started with, and how long it lasted.' });

const volumeChangedDataSchema = z
  .strictObject({
    volume: z.number().int().min(0).max(100).describe('The system volume now, 0-100.'),
    previous: z.number().int().min(0).max(100).nullable().describe('The volume before, or null when the action had not set or read it yet.'),
    muted: z.boolean(),
    cause: z.enum(['pinch_distance', 'finger_count', 'fist']).describe('What moved it: the pinch distance, the finger count, or a fist (mute).'),
  })
  .meta({ id: 'volumeChangedData' });

const screenPixel = z.number().int().min(0);

const cursorMovedDataSchema = z
  .strictObject({
    x: screenPixel.describe('Screen pixels from the left of the main screen.'),
    y: screenPixel.describe('Screen pixels from the top of the main screen.'),
    screen_width: z.number().int().min(1),
    screen_height: z.number().int().min(1),
    dragging: z.boolean().describe('True while the left button is held (a drag).'),
  })
  .meta({ id: 'cursorMovedData' });

const cursorClickedDataSchema = z
  .strictObject({
    x: screenPixel,
    y: screenPixel,
    button: z.enum(['left', 'right', 'middle']),
    kind: z.enum(['click', 'press', 'release']).describe('A whole click, or the press and release that start and end a drag.'),
  })
  .meta({ id: 'cursorClickedData' });

const stateChangedDataSchema = z
  .strictObject({
    component: z.string().min(1).describe("actions (all of them), an action's name, or session."),
    state: z.string().min(1).describe("armed or disarmed for actions; the session's state (running, paused, ended, ...) for a session."),
  })
  .meta({ id: 'stateChangedData' });

const errorDataSchema = z
  .strictObject({
    source: z.string().min(1).describe("Where it happened: an action's name or a pipeline stage."),
    code: z.string().regex(/^[A-Z][A-Z_]*$/).describe('A code from a closed set (the HandflowError or pipeline error codes).'),
    message: z.string().min(1).regex(/^[^\n]*$/).describe('One line saying what went wrong and what to do.'),
  })
  .meta({ id: 'errorData' });

/** Every kind of output event, by its `type` on the wire, with the schema of its `data`. */
const outputEventDataSchemas = {
  gesture_detected: gestureEventDataSchema,
  gesture_started: gestureEventDataSchema,
  gesture_ended: endedGestureEventDataSchema,
  volume_changed: volumeChangedDataSchema,
  cursor_moved: cursorMovedDataSchema,
  cursor_clicked: cursorClickedDataSchema,
  state_changed: stateChangedDataSchema,
  error: errorDataSchema,
};

export type OutputEventType = keyof typeof outputEventDataSchemas;

/** Every kind of output event, as its `type` on the wire. */
export const OUTPUT_EVENT_TYPES = Object.keys(outputEventDataSchemas) as readonly OutputEventType[];

function envelopeOf<T extends OutputEventType>(type: T) {
  return z.strictObject({
    type: z.literal(type),
    project: z.string().min(1).describe('The project that produced the event.'),
    timestamp: z.number().positive().describe('Seconds since the Unix epoch, with a fraction.'),
    data: outputEventDataSchemas[type],
  });
}

type EnvelopeSchema = { [T in OutputEventType]: ReturnType<typeof envelopeOf<T>> }[OutputEventType];

function envelopes(): [EnvelopeSchema, ...EnvelopeSchema[]] {
  // The array's type cannot keep each type paired with its own data schema; envelopeOf builds each from its own type.
  return OUTPUT_EVENT_TYPES.map((type) => envelopeOf(type)) as unknown as [EnvelopeSchema, ...EnvelopeSchema[]];
}

/**
 * One output event exactly as it goes on the wire (the design's `to_dict`): `timestamp` is seconds since the
 * epoch (a float), `project` the project that produced it. Plain data: `JSON.stringify` is its wire form.
 */
export const outputEventSchema = z.discriminatedUnion('type', envelopes()).meta({
  title: 'handflow output event',
  description:
    "One output event as handflow sends it (WebSocket, webhooks, run --json): the design's to_dict. Generated by npm run build:schema from the zod schema in src/output/events/output-event.ts, which its TypeScript types are derived from.",
});

/** The wire format as a JSON Schema (draft 2020-12): what schema/output-event.schema.json holds, for clients. */
export function outputEventJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(outputEventSchema, { target: 'draft-2020-12' });
}

export type OutputEvent = z.output<typeof outputEventSchema>;

export type OutputEventDataMap = { [T in OutputEventType]: z.output<(typeof outputEventDataSchemas)[T]> };

export type GestureEventData = OutputEventDataMap['gesture_detected' | 'gesture_started' | 'gesture_ended'];
export type VolumeChangedData = OutputEventDataMap['volume_changed'];
export type CursorMovedData = OutputEventDataMap['cursor_moved'];
export type CursorClickedData = OutputEventDataMap['cursor_clicked'];
export type StateChangedData = OutputEventDataMap['state_changed'];
export type ErrorData = OutputEventDataMap['error'];

export type OutputEventOf<T extends OutputEventType> = Extract<OutputEvent, { type: T }>;

export type GestureOutputEvent = OutputEventOf<'gesture_detected' | 'gesture_started' | 'gesture_ended'>;

/** Seconds since the epoch, as a float: the wire's timestamps. A parameter, so tests can fix time. */
export type WallClock = () => number;

export const epochSeconds: WallClock = () => Date.now() / 1000;

/** Makes output events for one project, stamped by `clock`. */
export class OutputEventFactory {
  constructor(
    readonly project: string,
    private readonly clock: WallClock = epochSeconds,
  ) {}

  create<T extends OutputEventType>(type: T, data: OutputEventDataMap[T]): OutputEventOf<T> {
    // The mapped union cannot be narrowed from a generic T; the object is built from T's own data.
    return { type, project: this.project, timestamp: this.clock(), data } as OutputEventOf<T>;
  }
}
