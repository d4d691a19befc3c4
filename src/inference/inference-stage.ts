import type { ExtractionResult } from '../extraction/hand-landmarker-result.js';
import type { PreprocessedFrame } from '../preprocessing/preprocessed-frame.js';
import type { GestureEvent } from './gesture-events.js';
import type { InferenceResultDict } from './inference-result.js';

/** What a project's classifiers made of a frame: plain, serialisable data. */
export interface InferenceOutput {
  /** Each classifier's result (finger count, gesture), in the wire form. */
  readonly results: readonly InferenceResultDict[];
  /** The classifier behind each of `results`, in the same order. */
  readonly classifiers: readonly string[];
  /** Gestures that started, ended or happened on this frame. */
  readonly events: readonly GestureEvent[];
  /** Whether the person is engaged, where the project waits for engagement before acting. */
  readonly engaged?: boolean;
}

/** Turns a frame's hands into meaning: the classifiers plug in here. */
export interface InferenceStage {
  infer(extraction: ExtractionResult, frame: PreprocessedFrame): InferenceOutput | Promise<InferenceOutput>;
  close?(): Promise<void>;
}

/** The result of the classifier named, when it ran on the frame. */
export function resultOf(output: InferenceOutput | null, classifier: string): InferenceResultDict | undefined {
  const index = output?.classifiers.indexOf(classifier) ?? -1;
  return index < 0 ? undefined : output!.results[index];
}
