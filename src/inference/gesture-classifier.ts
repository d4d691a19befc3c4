import type { ExtractionResult } from '../extraction/hand-landmarker-result.js';
import type { GestureType } from './gesture-types.js';
import type { InferenceResult } from './inference-result.js';

/** Turns the hands of one frame into a gesture. Several can run on the same frames. */
export interface GestureClassifier {
  /** Unique among the classifiers of an engine; names the classifier in results and events. */
  readonly name: string;
  readonly supportedGestures: readonly GestureType[];
  /**
   * Its gestures are one-off events (swipes), reported in the frame they happen and never debounced, rather
   * than states that start and end. Defaults to false.
   */
  readonly momentary?: boolean;
  /** Its gestures start only once seen this long (frame time), if longer than the engine's debounce. */
  readonly minHoldMs?: number;
  /** Classifies one frame; frames of a stream must come in timestamp order. */
  classify(extraction: ExtractionResult): InferenceResult;
  /** Forgets earlier frames, before a new stream. */
  reset?(): void;
  /**
   * The named gestures it tells apart (a user's custom gestures): a classifier that replaces it with a name still
   * among them keeps that gesture under way (see InferenceEngine.replace).
   */
  readonly gestureNames?: readonly string[];
}
