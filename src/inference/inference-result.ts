import type { HandLabel } from '../extraction/hand-landmarker-result.js';
import type { GestureType } from './gesture-types.js';

/** One hand as a classifier saw it: the raw output's `hands` entries, as they go on the wire. */
export interface HandInference {
  label: HandLabel;
  /** The hand presence score (0-1). */
  confidence: number;
  /** How many fingers are held out. */
  fingers: number;
  /** Thumb, index, middle, ring, pinky: true when held out. */
  finger_states: boolean[];
  /** What this classifier made of this hand: a gesture type, or a custom gesture's name. */
  gesture: string;
}

/** Everything a classifier saw in the frame, per hand. */
export interface RawOutput {
  hands: HandInference[];
  hands_detected: number;
  /** The learned gesture's name, when `gesture_type` is `custom`. */
  gesture_name?: string;
}

/** The serialised form, as it goes on the wire: its keys are part of the event format. */
export interface InferenceResultDict {
  gesture_type: GestureType;
  confidence: number;
  finger_count: number | null;
  pinch_distance: number | null;
  gesture_velocity: number | null;
  inference_latency_ms: number;
  raw_output: RawOutput;
}

/** What one classifier made of one frame. */
export interface InferenceResult {
  /** The classifier's name. */
  classifier: string;
  gestureType: GestureType;
  /**
   * How sure the classifier is of `gestureType`, 0-1. For `none`: 0 when no hand was seen, otherwise how sure
   * it is that none of its gestures is shown (1 for the measured ones: pinch, swipe, custom).
   */
  confidence: number;
  rawOutput: RawOutput;
  inferenceLatencyMs: number;
  /** Fingers held out, all hands together. */
  fingerCount?: number;
  /** Thumb tip to index tip in palm lengths, 0-1, of the hand pinching most. */
  pinchDistance?: number;
  /** A swipe's speed in palm lengths per second. */
  gestureVelocity?: number;
  toDict(): InferenceResultDict;
}

export type InferenceResultFields = Omit<InferenceResult, 'toDict' | 'inferenceLatencyMs'>;

/** Builds a result with its `toDict()`; the latency is measured by the caller around the classification. */
export function createInferenceResult(fields: InferenceResultFields, inferenceLatencyMs: number): InferenceResult {
  return {
    ...fields,
    inferenceLatencyMs,
    toDict: () => ({
      gesture_type: fields.gestureType,
      confidence: fields.confidence,
      finger_count: fields.fingerCount ?? null,
      pinch_distance: fields.pinchDistance ?? null,
      gesture_velocity: fields.gestureVelocity ?? null,
      inference_latency_ms: inferenceLatencyMs,
      raw_output: fields.rawOutput,
    }),
  };
}
