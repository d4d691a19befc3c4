import type { InferenceResultDict } from '../../inference/inference-result.js';

/** Every kind of output event, as its `type` on the wire. */
export const OUTPUT_EVENT_TYPES = [
  'gesture_detected',
  'gesture_started',
  'gesture_ended',
  'volume_changed',
  'cursor_moved',
  'cursor_clicked',
  'state_changed',
  'error',
] as const;
export type OutputEventType = (typeof OUTPUT_EVENT_TYPES)[number];

/**
 * A gesture event's data: the inference result of the classifier that saw it (`InferenceResult.toDict()`,
 * the design's keys), with the classifier's name. For `gesture_ended` it is the result the gesture started
 * with, and `held_ms` says how long it lasted.
 */
export type GestureEventData = InferenceResultDict & { classifier: string; held_ms?: number };

export interface VolumeChangedData {
  /** The system volume now, 0-100. */
  volume: number;
  /** The volume before, or null when the action had not set or read it yet. */
  previous: number | null;
  muted: boolean;
  /** What moved it: the pinch distance, the finger count, or a fist (mute). */
  cause: 'pinch_distance' | 'finger_count' | 'fist';
}

export interface CursorMovedData {
  /** Screen pixels from the top left of the main screen. */
  x: number;
  y: number;
  screen_width: number;
  screen_height: number;
  /** True while the left button is held (a drag). */
  dragging: boolean;
}

export interface CursorClickedData {
  x: number;
  y: number;
  button: 'left' | 'right' | 'middle';
  /** A whole click, or the press and release that start and end a drag. */
  kind: 'click' | 'press' | 'release';
}

export interface StateChangedData {
  /** What changed: `actions` (all of them), one action by name, or `session`. */
  component: string;
  /** `armed`/`disarmed` for actions; the session's state (`running`, `paused`, `ended`, ...) for a session. */
  state: string;
}

export interface ErrorData {
  /** Where it happened: an action's name, or a pipeline stage. */
  source: string;
  /** A code from a closed set (the HandflowError or pipeline error codes). */
  code: string;
  /** One line saying what went wrong and what to do. */
  message: string;
}

export interface OutputEventDataMap {
  gesture_detected: GestureEventData;
  gesture_started: GestureEventData;
  gesture_ended: GestureEventData;
  volume_changed: VolumeChangedData;
  cursor_moved: CursorMovedData;
  cursor_clicked: CursorClickedData;
  state_changed: StateChangedData;
  error: ErrorData;
}

/**
 * One output event exactly as it goes on the wire (the design's `to_dict`): `timestamp` is seconds since the
 * epoch (a float), `project` the project that produced it. Plain data: `JSON.stringify` is its wire form, and
 * `schema/output-event.schema.json` describes it.
 */
export type OutputEvent = { [T in OutputEventType]: { type: T; project: string; timestamp: number; data: OutputEventDataMap[T] } }[OutputEventType];

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
