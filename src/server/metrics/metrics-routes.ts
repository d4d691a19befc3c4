import type { FastifyPluginAsync } from 'fastify';

import type { ClusterSessions } from '../cluster/cluster-sessions.js';
import type { Sessions } from '../sessions/server-session.js';
import { clusterMetrics, sessionMetricsRegistry } from './prometheus-metrics.js';

/** `GET /metrics` in Prometheus text format: every session's, and on a gateway the cluster's workers. */
const metricsRoutes: FastifyPluginAsync<{ readonly sessions: Sessions; readonly cluster?: ClusterSessions }> = async (app, { sessions, cluster }) => {
  const registry = sessionMetricsRegistry(sessions);
  if (cluster !== undefined) clusterMetrics(registry, cluster);
  app.get('/metrics', { schema: { summary: 'Per-session metrics in Prometheus text format', tags: ['health'] } }, async (_request, reply) => {
    return reply.type(registry.contentType).send(await registry.metrics());
  });
};

export default metricsRoutes;
