import { HandflowError, errorMessage, type HandflowErrorCode } from '../core/errors.js';
import type { PipelineStage } from '../core/pipeline-stages.js';

/**
 * What an error does to a session: LOW skips the frame, MEDIUM warns and carries on degraded (no gesture
 * for the frame, a reconnection), HIGH stops this session, FATAL stops every session and the process.
 */
export const SEVERITIES = ['LOW', 'MEDIUM', 'HIGH', 'FATAL'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** The error taxonomy: one name per stage. */
export const STAGE_ERROR_NAMES = {
  ingestion: 'IngestionError',
  preprocessing: 'PreprocessingError',
  extraction: 'ExtractionError',
  inference: 'InferenceError',
  output: 'OutputError',
} as const satisfies Record<PipelineStage, string>;

/** An `error` event: plain data, logged, counted and sent to listeners as it is. */
export interface PipelineErrorEvent {
  readonly type: 'error';
  readonly sessionId: string;
  readonly name: (typeof STAGE_ERROR_NAMES)[PipelineStage];
  readonly stage: PipelineStage;
  readonly severity: Severity;
  /** The HandflowError code of the cause, when it has one. */
  readonly code?: HandflowErrorCode;
  /** One line: what went wrong and, where known, what to do. */
  readonly message: string;
  /** The frame it happened on, when it happened on one. */
  readonly frameNumber?: number;
}

/** Where an error arose, beyond its stage. */
export interface ErrorContext {
  /** A source problem it got past, losing a frame (a skipped image) or not (a reconnection). */
  readonly sourceRecovering?: { readonly frameLost: boolean };
}

/** Errors that mean the process itself is in trouble (memory exhausted): no session can go on safely. */
const PROCESS_FAILURE = /allocation failed|out of memory|Invalid array length|ERR_WORKER_OUT_OF_MEMORY/i;

/** The severity of an error from `stage`, by the error policy. */
export function classifyError(stage: PipelineStage, error: unknown, context: ErrorContext = {}): Severity {
  if (PROCESS_FAILURE.test(errorMessage(error)) || (error as { code?: unknown } | null)?.code === 'ERR_WORKER_OUT_OF_MEMORY') return 'FATAL';
  switch (stage) {
    case 'ingestion':
      if (context.sourceRecovering === undefined) return 'HIGH'; // the source cannot go on
      return context.sourceRecovering.frameLost ? 'LOW' : 'MEDIUM';
    case 'preprocessing':
      return 'LOW';
    case 'extraction':
      return error instanceof HandflowError && error.code === 'MODEL_LOAD_FAILED' ? 'HIGH' : 'LOW';
    case 'inference':
    case 'output':
      return 'MEDIUM';
  }
}

/** The event for an error, with its message on one line. */
export function errorEvent(sessionId: string, stage: PipelineStage, severity: Severity, error: unknown, frameNumber?: number): PipelineErrorEvent {
  const code = error instanceof HandflowError ? error.code : undefined;
  return {
    type: 'error',
    sessionId,
    name: STAGE_ERROR_NAMES[stage],
    stage,
    severity,
    ...(code === undefined ? {} : { code }),
    message: errorMessage(error).replace(/\s*\n\s*/g, ' '),
    ...(frameNumber === undefined ? {} : { frameNumber }),
  };
}
