import { z } from 'zod';

/** The cluster as a gateway sees it (`GET /api/cluster`, the dashboard, /metrics). */
export const clusterStatusSchema = z.strictObject({
  workers: z.array(z.strictObject({ id: z.string(), host: z.string(), streams: z.number().int(), maxStreams: z.number().int(), accepting: z.boolean() })),
  waiting: z.number().int().describe('Streams no worker has room for yet'),
  running: z.number().int(),
  connected: z.boolean().describe('Whether the gateway reaches NATS now: while it does not, streams cannot be started or stopped (503 CLUSTER_UNAVAILABLE)'),
});

export type ClusterStatus = z.output<typeof clusterStatusSchema>;
