/**
 * The WebSocket protocol of `/ws`, shared by the server and the dashboard (type-only: no runtime code, so the
 * browser bundle can import it). docs/websocket.md describes it for other clients.
 */

import type { OutputEvent } from '../../output/events/output-event.js';

import type { FrameSummary } from '../../orchestrator/frame-summary-shape.js';
import type { SessionMetrics } from '../../orchestrator/session-shapes.js';

export type { FrameSummary, HandLabel, HandSummary } from '../../orchestrator/frame-summary-shape.js';

/** Server -> client: an event of the session's project, in the output stage's wire format, unchanged. */
export interface EventMessage {
  readonly channel: 'event';
  readonly sessionId: string;
  readonly event: OutputEvent;
}

/** Server -> client, about once a second: how the session keeps up. */
export interface MetricsMessage extends Readonly<SessionMetrics> {
  readonly channel: 'metrics';
  readonly sessionId: string;
}

/** Server -> client: the session's state changed, or it ended (with why). */
export interface SessionMessage {
  readonly channel: 'session';
  readonly sessionId: string;
  readonly state: 'running' | 'ended';
  readonly reason?: string;
}

/** Server -> client: a pipeline error in the session (a frame skipped, a source lost). */
export interface PipelineErrorMessage {
  readonly channel: 'error';
  readonly sessionId: string;
  readonly severity: string;
  readonly stage: string;
  readonly message: string;
}

/** Server -> client: a problem with what the client sent; `code` as the REST errors. */
export interface ProblemMessage {
  readonly channel: 'problem';
  readonly code: string;
  readonly message: string;
}

/** Server -> client: the annotated preview of a server-side source. Sent as a text header, then one binary JPEG message. */
export interface PreviewMessage {
  readonly channel: 'preview';
  readonly sessionId: string;
  readonly frameNumber: number;
  readonly width: number;
  readonly height: number;
  readonly bytes: number;
}

/**
 * Server -> client, on connecting and whenever it changes (whoever changed it): whether actions are armed. The
 * switch is the server's one, over every session's actions, so a client showing it must follow this.
 */
export interface ActionsMessage {
  readonly channel: 'actions';
  readonly armed: boolean;
}

export type ServerMessage = FrameSummary | EventMessage | MetricsMessage | SessionMessage | PipelineErrorMessage | ProblemMessage | PreviewMessage | ActionsMessage;

/** Client -> server (text): what to receive. `preview` asks for the JPEG preview of a server-side source. */
export type ClientMessage =
  | { readonly type: 'subscribe'; readonly sessionId: string; readonly preview?: boolean }
  | { readonly type: 'unsubscribe'; readonly sessionId: string };

/**
 * Client -> server (binary): a camera frame for a `browser` session. Layout: a 2-byte little-endian header
 * length N, N bytes of UTF-8 JSON {@link UploadHeader}, then the JPEG.
 */
export interface UploadHeader {
  readonly sessionId: string;
  /** When the frame was captured, in ms on the client's clock (increasing). */
  readonly timestampMs: number;
}
