import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

import { listCameras } from '../../ingestion/cameras.js';
import type { Sessions } from '../sessions/server-session.js';

export interface HealthRoutesOptions {
  readonly sessions: Sessions;
  readonly version: string;
  /** A gateway of a NATS cluster (`serve --nats`), which has `GET /api/cluster`. */
  readonly cluster: boolean;
}

/** Liveness, and the cameras a server-side session can open. */
const healthRoutes: FastifyPluginAsyncZod<HealthRoutesOptions> = async (app, { sessions, version, cluster }) => {
  const startedAt = Date.now();
  app.get('/api/health', {
    schema: {
      summary: 'Whether the server is up',
      tags: ['health'],
      response: {
        200: z.strictObject({
          status: z.literal('ok'),
          version: z.string(),
          uptimeS: z.number(),
          sessions: z.number().int(),
          cluster: z.boolean().describe('whether this server is the gateway of a cluster (GET /api/cluster)'),
        }),
      },
    },
    handler: async () => ({
      status: 'ok' as const,
      version,
      uptimeS: (Date.now() - startedAt) / 1000,
      sessions: sessions.list().filter((session) => session.summary === undefined).length,
      cluster,
    }),
  });
  app.get('/api/cameras', {
    schema: {
      summary: "The server's cameras (for a camera source's device number)",
      tags: ['sessions'],
      response: { 200: z.strictObject({ cameras: z.array(z.strictObject({ index: z.number().int(), name: z.string() })) }) },
    },
    handler: async () => ({ cameras: (await listCameras()).map(({ index, name }) => ({ index, name })) }),
  });
};

export default healthRoutes;
