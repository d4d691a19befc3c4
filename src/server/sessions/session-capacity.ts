import { availableParallelism } from 'node:os';

/**
 * Sessions one core serves at a usable rate. Each session runs two landmark models on every frame: past two
 * a core the sessions fall to a few frames a second and the API answers slowly (64 sessions on 2 cores ran
 * under 0.4 fps each, with /api/health taking seconds).
 */
export const SESSIONS_PER_CORE = 2;

/** The sessions this machine can run at once: {@link SESSIONS_PER_CORE} a core. */
export function sessionCapacity(cores: number = availableParallelism()): number {
  return Math.max(1, cores * SESSIONS_PER_CORE);
}

/** The sessions to allow: those asked for, at most the machine's capacity, with a warning when cut down. */
export function boundedMaxSessions(requested: number, cores: number = availableParallelism()): { maxSessions: number; warning?: string } {
  const capacity = sessionCapacity(cores);
  if (requested <= capacity) return { maxSessions: requested };
  return {
    maxSessions: capacity,
    warning: `--max-sessions ${requested} is more than this machine can serve (${cores} cores, ${SESSIONS_PER_CORE} sessions a core: ${capacity}), so at most ${capacity} sessions run at once`,
  };
}
