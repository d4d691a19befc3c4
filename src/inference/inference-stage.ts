import type { ExtractionResult } from '../extraction/hand-landmarker-result.js';
import type { PreprocessedFrame } from '../preprocessing/preprocessed-frame.js';
import type { GestureEvent } from './gesture-events.js';
import type { InferenceResultDict } from './inference-result.js';

/** What a project's classifiers made of a frame: plain, serialisable data. */
export interface InferenceOutput {
  /** Each classifier's result (finger count, gesture), in the wire form. */
  readonly results: readonly InferenceResultDict[];
  /** Gestures that started, ended or happened on this frame. */
  readonly events: readonly GestureEvent[];
}

/** Turns a frame's hands into meaning: the classifiers plug in here. */
export interface InferenceStage {
  infer(extraction: ExtractionResult, frame: PreprocessedFrame): InferenceOutput | Promise<InferenceOutput>;
  close?(): Promise<void>;
}
