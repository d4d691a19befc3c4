import type { ExtractionResult } from '../../extraction/hand-landmarker-result.js';
import type { CapturedFrame } from '../../ingestion/captured-frame.js';
import type { SessionEndReason } from '../../orchestrator/session.js';
import type { PipelineErrorEvent } from '../../orchestrator/pipeline-error.js';
import type { TypedEmitter } from '../../core/typed-emitter.js';
import type { StageDurations } from '../../core/pipeline-stages.js';
import type { OutputEvent } from '../../output/events/output-event.js';
import type { FrameSummary } from '../ws/protocol.js';
import type { BrowserFrameFeeder } from './browser-frame-feeder.js';
import type { SessionInfo } from './session-info-schema.js';
import type { SessionMetrics } from '../../orchestrator/session-shapes.js';
import type { SourceRequest } from '../../orchestrator/source-request.js';

/** Ended sessions a server lists, newest first: its own, and a gateway's cluster streams (each can be asked for by id as long as it is kept). */
export const RECENT_ENDED_LISTED = 20;

/** A session's frame rate, frame counts and each stage's latency, as the API and the WebSocket show them. */

/** How a session ended. */
export interface SessionEnd {
  readonly reason: SessionEndReason;
}

/** A session as the server shows and controls it, whether it runs in this process or on a cluster worker. */
export interface ServerSession {
  readonly id: string;
  readonly source: SourceRequest;
  /** How the source is named in lists (a URL without its secrets: see `redactUrl`). */
  readonly label: string;
  readonly project: string;
  /** Epoch ms. */
  readonly startedAt: number;
  /** Browser sessions: where their uploaded frames go. */
  readonly feeder?: BrowserFrameFeeder;
  /** Server-side sources run here: the latest frame read, for the preview. */
  latestFrame?: CapturedFrame;
  /** Set when the session has ended. */
  summary?: SessionEnd;
  /** Why it failed, when an error ended it: that error's message, as clients see it. */
  failure?: string;
  /** The cluster worker running it; undefined for a session of this process, or one waiting for a worker. */
  readonly worker?: string | undefined;
  state(): SessionInfo['state'];
  /** The latest metrics (the final ones once ended). */
  metrics(): SessionMetrics;
  /** Asks it to stop; it ends (`ended` is emitted) once its current frame is done. */
  stop(): void;
}

/** What the server hears of a frame besides its summary: the stage times, and the hands in full when it ran here. */
export interface FrameDetails {
  readonly latencyMs: StageDurations;
  readonly extraction?: ExtractionResult;
}

/** A pipeline error of a session, as clients hear of it. */
export type SessionProblem = Pick<PipelineErrorEvent, 'severity' | 'stage' | 'message'>;

export type SessionsEvents = {
  started: [ServerSession];
  frame: [ServerSession, FrameSummary, FrameDetails];
  event: [ServerSession, OutputEvent];
  error: [ServerSession, SessionProblem];
  ended: [ServerSession, SessionEnd];
};

/**
 * The server's sessions, wherever they run: the API, the WebSocket and the metrics use this alone. `SessionService`
 * runs them in this process; a cluster gateway hands server-side sources to workers.
 */
export interface Sessions extends TypedEmitter<SessionsEvents> {
  /** Running sessions first, then the recently ended. */
  list(): ServerSession[];
  /** @throws ApiError SESSION_NOT_FOUND */
  get(id: string): ServerSession;
  start(source: SourceRequest, project: string): Promise<ServerSession>;
  /** Stops a session; resolves once it has ended. */
  stop(id: string): Promise<SessionEnd>;
  /** Stops every session of this process and refuses new ones: for shutdown. */
  close(): Promise<void>;
  /** Reloads the custom gestures every running session shows (after training). */
  reloadGestures(): Promise<void>;
}

/** Frames lost before processing: dropped by the source's buffer, or skipped before decoding (browser uploads). */
export function droppedFrames(session: ServerSession): number {
  return session.metrics().frames.dropped;
}
