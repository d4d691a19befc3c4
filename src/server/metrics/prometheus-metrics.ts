import { Counter, Gauge, Histogram, Registry } from 'prom-client';

import { MEASURED_STAGES } from '../../core/pipeline-stages.js';
import { SEVERITIES } from '../../orchestrator/pipeline-error.js';
import type { ClusterSessions } from '../cluster/cluster-sessions.js';
import type { Sessions } from '../sessions/server-session.js';
import { droppedFrames } from '../sessions/server-session.js';

/** Seconds: from a fast model call to a stalled frame. */
const LATENCY_BUCKETS = [0.002, 0.005, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5, 1, 2.5];

/**
 * The sessions' metrics in Prometheus form, in a registry of the server's own (not prom-client's global one,
 * so servers side by side in a process keep theirs apart). A session's series go when it ends.
 */
export function sessionMetricsRegistry(sessions: Sessions): Registry {
  const registry = new Registry();
  const latency = new Histogram({
    name: 'handflow_stage_latency_seconds',
    help: 'Time each pipeline stage took per frame (total: capture to output)',
    labelNames: ['session', 'stage'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const processed = new Counter({ name: 'handflow_frames_processed_total', help: 'Frames through the whole pipeline', labelNames: ['session'] as const, registers: [registry] });
  const errors = new Counter({ name: 'handflow_session_errors_total', help: 'Pipeline errors, by severity', labelNames: ['session', 'severity'] as const, registers: [registry] });
  new Gauge({
    name: 'handflow_session_fps',
    help: 'Frames completed per second, over the latest frames',
    labelNames: ['session'] as const,
    registers: [registry],
    collect() {
      for (const session of running(sessions)) this.set({ session: session.id }, session.metrics().fps);
    },
  });
  new Gauge({
    name: 'handflow_frames_dropped',
    help: 'Frames lost before processing because the pipeline was behind (buffer full or skipped before decoding)',
    labelNames: ['session'] as const,
    registers: [registry],
    collect() {
      for (const session of running(sessions)) this.set({ session: session.id }, droppedFrames(session));
    },
  });
  new Gauge({ name: 'handflow_sessions_running', help: 'Sessions running', registers: [registry], collect() { this.set(running(sessions).length); } });

  sessions.on('frame', (session, _summary, event) => {
    processed.inc({ session: session.id });
    // The known stages only, the ones removed at the end: a series a label value, kept until then.
    for (const stage of MEASURED_STAGES) {
      const ms = event.latencyMs[stage];
      if (ms !== undefined) latency.observe({ session: session.id, stage }, ms / 1000);
    }
  });
  sessions.on('error', (session, event) => errors.inc({ session: session.id, severity: event.severity }));
  sessions.on('ended', ({ id: session }) => {
    processed.remove({ session });
    for (const stage of MEASURED_STAGES) latency.remove({ session, stage });
    for (const severity of SEVERITIES) errors.remove({ session, severity });
  });
  return registry;
}

/** The cluster's gauges on a gateway: workers, streams each holds, streams waiting for room. */
export function clusterMetrics(registry: Registry, cluster: ClusterSessions): void {
  new Gauge({ name: 'handflow_cluster_workers', help: 'Workers reporting to the cluster', registers: [registry], collect() { this.set(cluster.status().workers.length); } });
  new Gauge({ name: 'handflow_cluster_connected', help: '1 while the gateway reaches NATS, 0 while it reconnects', registers: [registry], collect() { this.set(cluster.status().connected ? 1 : 0); } });
  new Gauge({ name: 'handflow_cluster_streams_waiting', help: 'Streams no worker has room for yet', registers: [registry], collect() { this.set(cluster.status().waiting); } });
  new Gauge({
    name: 'handflow_cluster_worker_streams',
    help: 'Streams each worker holds',
    labelNames: ['worker'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const worker of cluster.status().workers) this.set({ worker: worker.id }, worker.streams);
    },
  });
}

const running = (sessions: Sessions) => sessions.list().filter((session) => session.summary === undefined);
