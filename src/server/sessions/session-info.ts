import type { ServerSession } from './server-session.js';
import type { SessionInfo } from './session-info-schema.js';

export function sessionInfo(session: ServerSession): SessionInfo {
  return {
    id: session.id,
    source: { type: session.source.type, label: session.label },
    project: session.project,
    state: session.state(),
    startedAt: new Date(session.startedAt).toISOString(),
    ...(session.summary === undefined ? {} : { endReason: session.summary.reason }),
    ...(session.failure === undefined ? {} : { failure: session.failure }),
    ...(session.worker === undefined ? {} : { worker: session.worker }),
    metrics: session.metrics(),
  };
}
