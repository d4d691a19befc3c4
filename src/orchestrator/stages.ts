import type { ExtractionResult } from '../extraction/hand-landmarker-result.js';
import type { GestureEvent } from '../inference/gesture-events.js';
import type { InferenceResultDict } from '../inference/inference-result.js';
import type { PreprocessedFrame } from '../preprocessing/preprocessed-frame.js';
import type { StageDurations } from './pipeline-metrics.js';

/** Finds hands in a frame: the landmark engine behind a seam, so sessions can be tested and composed. */
export interface ExtractionStage {
  /** `stills`: the frame stands alone (an image of a folder) rather than continuing a stream. */
  extract(frame: PreprocessedFrame, stills: boolean): Promise<ExtractionResult>;
  close(): Promise<void>;
}

/** What a project's classifiers made of a frame: plain, serialisable data. */
export interface InferenceOutput {
  /** Each classifier's result (finger count, gesture), in the design's wire form. */
  readonly results: readonly InferenceResultDict[];
  /** Gestures that started, ended or happened on this frame. */
  readonly events: readonly GestureEvent[];
}

/** Turns a frame's hands into meaning (issue 4's classifiers plug in here). */
export interface InferenceStage {
  infer(extraction: ExtractionResult, frame: PreprocessedFrame): InferenceOutput | Promise<InferenceOutput>;
  close?(): Promise<void>;
}

/** The output of one frame, as sessions emit it and sinks receive it. */
export interface FrameEvent {
  readonly type: 'frame';
  readonly sessionId: string;
  /** The source as the user named it. */
  readonly source: string;
  readonly frameNumber: number;
  readonly timestampMs: number;
  /** The image file of a folder the frame came from. */
  readonly origin?: string;
  /** Hands in the captured frame's pixels. */
  readonly extraction: ExtractionResult;
  /** `null` when the project has no classifiers or they failed on this frame. */
  readonly inference: InferenceOutput | null;
  /** Time per stage for this frame, output excluded (it is still running). */
  readonly latencyMs: StageDurations;
}

/** Where frame events go: the terminal, a JSON stream, the dashboard, system actions (issue 5). */
export interface OutputSink {
  write(event: FrameEvent): void | Promise<void>;
  close?(): void | Promise<void>;
}
