import { z } from 'zod';

import { HAND_LABELS } from '../extraction/hand-landmarker-result.js';
import { GESTURE_TYPES, type GestureType } from './gesture-types.js';

/** One hand as a classifier saw it: the raw output's `hands` entries, as they go on the wire. */
export const handInferenceSchema = z
  .strictObject({
    label: z.enum(HAND_LABELS).describe("The person's real hand."),
    confidence: z.number().min(0).max(1).describe('Hand presence score.'),
    fingers: z.number().int().min(0).max(5).describe('Fingers held out.'),
    finger_states: z.array(z.boolean()).length(5).describe('Thumb, index, middle, ring, pinky: true when held out.'),
    gesture: z.string().describe("What this classifier made of this hand: a gesture type or a custom gesture's name."),
  })
  .meta({ id: 'hand', description: 'One hand as the classifier saw it.' });
export type HandInference = z.output<typeof handInferenceSchema>;

/** Everything a classifier saw in the frame, per hand. */
export const rawOutputSchema = z
  .strictObject({
    hands: z.array(handInferenceSchema),
    hands_detected: z.number().int().min(0),
    gesture_name: z.string().optional().describe("The custom gesture's name when gesture_type is custom."),
  })
  .meta({ id: 'rawOutput', description: 'Everything the classifier saw in the frame, per hand.' });
export type RawOutput = z.output<typeof rawOutputSchema>;

/** The serialised form (`InferenceResult.toDict()`), as it goes on the wire: its keys are part of the event format. */
export const inferenceResultDictSchema = z.strictObject({
  gesture_type: z.enum(GESTURE_TYPES),
  confidence: z.number().min(0).max(1),
  finger_count: z.number().int().min(0).nullable().describe('Fingers held out, all hands together.'),
  pinch_distance: z.number().min(0).nullable().describe('Thumb tip to index tip in palm lengths.'),
  gesture_velocity: z.number().min(0).nullable().describe("A swipe's speed in palm lengths per second."),
  inference_latency_ms: z.number().min(0),
  raw_output: rawOutputSchema,
});
export type InferenceResultDict = z.output<typeof inferenceResultDictSchema>;

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
