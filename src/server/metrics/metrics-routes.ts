import type { FastifyPluginAsync } from 'fastify';

import type { SessionService } from '../sessions/session-service.js';
import { sessionMetricsRegistry } from './prometheus-metrics.js';

/** `GET /metrics` in Prometheus text format. */
const metricsRoutes: FastifyPluginAsync<{ readonly sessions: SessionService }> = async (app, { sessions }) => {
  const registry = sessionMetricsRegistry(sessions);
  app.get('/metrics', { schema: { summary: 'Per-session metrics in Prometheus text format', tags: ['health'] } }, async (_request, reply) => {
    return reply.type(registry.contentType).send(await registry.metrics());
  });
};

export default metricsRoutes;
