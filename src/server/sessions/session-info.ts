import { z } from 'zod';

import { PIPELINE_STAGES } from '../../core/pipeline-stages.js';
import type { MetricsSnapshot } from '../../orchestrator/pipeline-metrics.js';
import { frameCounts, type ServerSession } from './server-session.js';

const stageLatency = z.strictObject({ p50Ms: z.number(), p95Ms: z.number() });

/** A session as the API lists it, with its metrics. */
export const sessionInfoSchema = z.strictObject({
  id: z.string(),
  source: z.strictObject({ type: z.enum(['browser', 'camera', 'file', 'url']), label: z.string() }),
  project: z.string(),
  state: z.enum(['idle', 'running', 'paused', 'stopping', 'ended']),
  startedAt: z.iso.datetime(),
  /** Why it ended: its source ended, it was stopped, or an error stopped it. */
  endReason: z.enum(['ended', 'stopped', 'failed', 'fatal']).optional(),
  metrics: z.strictObject({
    fps: z.number(),
    frames: z.strictObject({ processed: z.number(), dropped: z.number(), errored: z.number() }),
    stages: z.record(z.string(), stageLatency),
  }),
});

export type SessionInfo = z.output<typeof sessionInfoSchema>;

/** Each stage's median and 95th percentile, and the whole frame's (`total`). */
export function latencyByStage(snapshot: MetricsSnapshot): Record<string, { p50Ms: number; p95Ms: number }> {
  return Object.fromEntries([...PIPELINE_STAGES, 'total' as const].map((stage) => [stage, { p50Ms: snapshot.stages[stage].p50Ms, p95Ms: snapshot.stages[stage].p95Ms }]));
}

export function sessionInfo(session: ServerSession): SessionInfo {
  const snapshot = session.summary?.metrics ?? session.pipeline.snapshot();
  const stages = latencyByStage(snapshot);
  return {
    id: session.id,
    source: { type: session.source.type, label: session.label },
    project: session.project,
    state: session.pipeline.state,
    startedAt: new Date(session.startedAt).toISOString(),
    ...(session.summary === undefined ? {} : { endReason: session.summary.reason }),
    metrics: { fps: snapshot.fps, frames: frameCounts(session, snapshot), stages },
  };
}
