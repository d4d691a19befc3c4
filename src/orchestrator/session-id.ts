import { randomBytes } from 'node:crypto';

/**
 * A new session's id: `s-` and 8 hex digits for a server's or cluster's sessions, `run-` for a run's. Each run has
 * its own, as webhook receivers drop the idempotency keys (`<session>/<frame>/<n>`) they have seen.
 */
export function newSessionId(prefix: 's' | 'run' = 's'): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}
