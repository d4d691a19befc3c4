import type { HandLandmarks } from '../../extraction/hand-landmarker-result.js';
import type { InferenceResultDict } from '../../inference/inference-result.js';
import type { GestureOutputEvent } from '../events/output-event.js';

/** A gesture event and the time of the frame it happened in (rate limits judge it by that). */
export interface FrameGesture {
  readonly event: GestureOutputEvent;
  readonly frameMs: number;
  /**
   * The event's idempotency key, `<session>/<frame>/<n>` (its place among the frame's gesture events): the same
   * on every retry of a webhook, so a receiver can drop what it has already had.
   */
  readonly key: string;
}

/** What an action sees of one frame. Plain data. */
export interface ActionFrame {
  /** The frame's time in ms, on the source's clock (video time for a file): rate limits and smoothing run on it. */
  readonly timestampMs: number;
  /** Every classifier's result for the frame: the continuous values (pinch distance, finger count). */
  readonly results: readonly InferenceResultDict[];
  /**
   * The gesture events of the frame, as sent to listeners; for an action that was still busy with an earlier
   * frame, also those of the frames it skipped, so no started gesture or swipe is missed.
   */
  readonly gestures: readonly FrameGesture[];
  /** The hands found, in the frame's coordinates (the mouse follows an index fingertip). */
  readonly hands: readonly HandLandmarks[];
}

/** The most gesture events carried from skipped frames: far more than a person makes while an action is busy. */
const MAX_CARRIED_GESTURES = 100;

/** `later`, carrying the gesture events of `earlier`, a frame that was skipped. */
export function carryGestures(earlier: ActionFrame, later: ActionFrame): ActionFrame {
  return { ...later, gestures: [...earlier.gestures, ...later.gestures].slice(-MAX_CARRIED_GESTURES) };
}
