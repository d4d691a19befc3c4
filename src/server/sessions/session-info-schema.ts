import { z } from 'zod';

import { SESSION_STATES, sessionEndReasonSchema, sessionMetricsSchema } from '../../orchestrator/session-shapes.js';


/** A session as the API lists it, with its metrics (zod alone, no server code, so the dashboard can import its type). */
export const sessionInfoSchema = z.strictObject({
  id: z.string(),
  source: z.strictObject({ type: z.enum(['browser', 'camera', 'file', 'url']), label: z.string() }),
  project: z.string(),
  /** `waiting`: a cluster session no worker has room for yet. */
  state: z.enum(['waiting', ...SESSION_STATES]),
  startedAt: z.iso.datetime(),
  /** Why it ended: its source ended, it was stopped, or an error stopped it. */
  endReason: sessionEndReasonSchema.optional(),
  /** What went wrong, when an error ended it (`failed` or `fatal`). */
  failure: z.string().optional(),
  /** The cluster worker running it (`handflow serve --nats`); absent for sessions of the server's own process. */
  worker: z.string().optional(),
  metrics: sessionMetricsSchema,
});

export type SessionInfo = z.output<typeof sessionInfoSchema>;
