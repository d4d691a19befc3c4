import { waitFor } from '../../testing/wait-for.js';
import type { SessionInfo } from '../sessions/session-info-schema.js';

/** A session of the server at `base` once it has ended or processed a frame; one still running is then stopped. */
export async function sessionOutcome(base: string, id: string): Promise<SessionInfo> {
  const session = await waitFor(
    `session ${id} to end or process a frame`,
    async () => {
      const view = (await (await fetch(`${base}/api/sessions/${id}`)).json()) as SessionInfo;
      return view.state === 'ended' || view.metrics.frames.processed > 0 ? view : undefined;
    },
    30_000,
  );
  if (session.state !== 'ended') await fetch(`${base}/api/sessions/${id}/stop`, { method: 'POST' });
  return session;
}
