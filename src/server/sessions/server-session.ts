import type { EngineInference } from '../../inference/engine-inference.js';
import type { CapturedFrame } from '../../ingestion/captured-frame.js';
import type { MetricsSnapshot } from '../../orchestrator/pipeline-metrics.js';
import type { PipelineSession, SessionSummary } from '../../orchestrator/session.js';
import type { BrowserFrameFeeder } from './browser-frame-feeder.js';
import type { SourceRequest } from './source-request.js';

/** A pipeline session as the server runs it, with what the API and the WebSocket need of it. */
export interface ServerSession {
  readonly id: string;
  readonly source: SourceRequest;
  /** How the source is named in lists (a URL without its password). */
  readonly label: string;
  readonly project: string;
  /** Epoch ms. */
  readonly startedAt: number;
  readonly pipeline: PipelineSession;
  /** The session's one inference engine: what the dashboard shows and what the project acts on. */
  readonly inference: EngineInference;
  /** Browser sessions: where their uploaded frames go. */
  readonly feeder?: BrowserFrameFeeder;
  /** Server-side sources: the latest frame read, for the preview. */
  latestFrame?: CapturedFrame;
  /** Set when the session has ended. */
  summary?: SessionSummary;
}

/**
 * The session's frame counts in a metrics snapshot (by default, the latest), with its browser client's frames
 * that never reached the pipeline: skipped before decoding (dropped) or not decodable (errored).
 */
export function frameCounts(session: ServerSession, snapshot: MetricsSnapshot = session.pipeline.snapshot()): MetricsSnapshot['frames'] {
  const { frames } = snapshot;
  return { ...frames, dropped: frames.dropped + (session.feeder?.skipped ?? 0), errored: frames.errored + (session.feeder?.errored ?? 0) };
}

/** Frames lost before processing: dropped by the source's buffer, or skipped before decoding (browser uploads). */
export function droppedFrames(session: ServerSession): number {
  return frameCounts(session).dropped;
}
