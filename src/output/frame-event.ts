import type { StageDurations } from '../core/pipeline-stages.js';
import type { ExtractionResult } from '../extraction/hand-landmarker-result.js';
import type { InferenceOutput } from '../inference/inference-stage.js';

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

/** How the session a sink serves came to end. */
export interface SinkClosing {
  /** Someone stopped it (the API, the dashboard, Ctrl-C, shutdown): nothing more is to be done on their behalf. */
  readonly stopped: boolean;
}

/** Where frame events go: the terminal, a JSON stream, the dashboard, system actions. */
export interface OutputSink {
  write(event: FrameEvent): void | Promise<void>;
  close?(closing: SinkClosing): void | Promise<void>;
}
