import type { PipelineErrorEvent } from './pipeline-error.js';
import type { SourceRequest } from './source-request.js';

/**
 * An error event as the server's clients see it. A stream's own errors say whether its port was closed, refused
 * the talk or answered in a format handflow refuses, which would make the server a port scanner for anyone who
 * may start sessions: for `url` sources every ingestion error reads the same, and ffmpeg's reason stays in the
 * server's log (the session logs each error in full before it is sent).
 */
export function errorForClients(source: SourceRequest, label: string, event: PipelineErrorEvent): PipelineErrorEvent {
  if (source.type !== 'url' || event.stage !== 'ingestion') return event;
  return {
    ...event,
    code: 'SOURCE_UNAVAILABLE',
    message: `${label}: the stream could not be opened or read${event.severity === 'MEDIUM' ? '; reconnecting' : ''}. Check that it is up and that the URL is right; the server's log says why`,
  };
}
