import { redactUrl } from '../core/redact-url.js';
import type { FrameSource } from '../ingestion/frame-source.js';
import { buildSession, type BuildSessionOptions, type BuiltSession } from './build-session.js';
import type { PipelineErrorEvent } from './pipeline-error.js';
import { describeSourceRequest, type SourceRequest } from './source-request.js';
import { errorForClients } from './stream-error.js';

/** How a source a client asked for reads to clients: its label, secrets hidden, and its errors. */
export interface ClientView {
  readonly label: string;
  /** A session's error as its clients see it: a stream's reasons stay in the log (see errorForClients). */
  readonly shownError: (event: PipelineErrorEvent) => PipelineErrorEvent;
}

export function clientView(request: SourceRequest): ClientView {
  const label = describeSourceRequest(request, redactUrl);
  return { label, shownError: (event) => errorForClients(request, label, event) };
}

/**
 * Builds the session a client asked for on its opened source, as serve and cluster workers both do: the source
 * initialised, then buildSession. A start that fails on the way stops the source, so no ffmpeg outlives it.
 */
export async function buildRequestedSession(source: FrameSource, options: Omit<BuildSessionOptions, 'source'>): Promise<BuiltSession> {
  try {
    await source.initialize();
    return await buildSession({ ...options, source });
  } catch (error) {
    await source.stop();
    throw error;
  }
}
