import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ClusterSessions } from '../cluster/cluster-sessions.js';
import { clusterStatusSchema } from '../cluster/cluster-status.js';

/** `GET /api/cluster` (gateways only, `serve --nats`): the workers, and the streams waiting for capacity. */
const clusterRoutes: FastifyPluginAsyncZod<{ readonly cluster: ClusterSessions }> = async (app, { cluster }) => {
  app.get('/api/cluster', {
    schema: { summary: 'The cluster: its workers, and streams waiting for a worker with room', tags: ['health'], response: { 200: clusterStatusSchema } },
    handler: async () => cluster.status(),
  });
};

export default clusterRoutes;
