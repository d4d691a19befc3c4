import { PIPELINE_STAGES } from '../../core/pipeline-stages.js';
import type { MetricsSnapshot } from '../../orchestrator/pipeline-metrics.js';
import type { ServerSession } from './server-session.js';
import type { SessionInfo } from './session-info-schema.js';

/** Each stage's median and 95th percentile, and the whole frame's (`total`). */
export function latencyByStage(snapshot: MetricsSnapshot): Record<string, { p50Ms: number; p95Ms: number }> {
  return Object.fromEntries([...PIPELINE_STAGES, 'total' as const].map((stage) => [stage, { p50Ms: snapshot.stages[stage].p50Ms, p95Ms: snapshot.stages[stage].p95Ms }]));
}

export function sessionInfo(session: ServerSession): SessionInfo {
  return {
    id: session.id,
    source: { type: session.source.type, label: session.label },
    project: session.project,
    state: session.state(),
    startedAt: new Date(session.startedAt).toISOString(),
    ...(session.summary === undefined ? {} : { endReason: session.summary.reason }),
    ...(session.worker === undefined ? {} : { worker: session.worker }),
    metrics: session.metrics(),
  };
}
