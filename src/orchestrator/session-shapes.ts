import { z } from 'zod';

/*
 * A session's state, end and metrics as every reader sees them, defined once: the API's session list, the WebSocket's
 * `metrics` and `session` messages, and a cluster worker's reports on the bus (whose readers check them against
 * these schemas). Zod alone, so the dashboard's bundle can take the types.
 */

/** Where a session is in its life. */
export const SESSION_STATES = ['idle', 'running', 'paused', 'stopping', 'ended'] as const;
export type SessionState = (typeof SESSION_STATES)[number];

/** Why a session ended: its source ended, it was stopped, a HIGH error stopped it, or a FATAL one. */
export const SESSION_END_REASONS = ['ended', 'stopped', 'failed', 'fatal'] as const;
export const sessionEndReasonSchema = z.enum(SESSION_END_REASONS);
export type SessionEndReason = (typeof SESSION_END_REASONS)[number];

const stageLatencySchema = z.strictObject({ p50Ms: z.number(), p95Ms: z.number() });

/** How a session keeps up: its frame rate, its frames by outcome, and each measured stage's latency. */
export const sessionMetricsSchema = z.strictObject({
  fps: z.number(),
  frames: z.strictObject({ processed: z.number(), dropped: z.number(), errored: z.number() }),
  stages: z.record(z.string(), stageLatencySchema),
});
export type SessionMetrics = z.output<typeof sessionMetricsSchema>;
