import type { ClusterStatus } from '../../src/server/cluster/cluster-status';
import { api } from './api';

const POLL_MS = 2000;

/** What a gateway (`serve --nats`) says of its cluster, in a word: workers, streams running and waiting for room. */
export function describeCluster(status: ClusterStatus): string {
  if (!status.connected) return 'Cluster: NATS unreachable, reconnecting… (streams cannot be started or stopped)';
  const workers = `${status.workers.length} worker${status.workers.length === 1 ? '' : 's'}`;
  return `Cluster: ${workers} · ${status.running} running · ${status.waiting} waiting for a worker with room`;
}

/**
 * Shows the cluster's state in `element` every two seconds on a gateway (as `/api/health` says); on a server of
 * one process it stays hidden, and `/api/cluster`, which such a server does not have, is never asked for.
 */
export async function followCluster(element: HTMLElement): Promise<void> {
  const health = await api<{ cluster: boolean }>('GET', '/api/health');
  if (!health.cluster) return;
  const poll = async (): Promise<void> => {
    try {
      const status = await api<ClusterStatus>('GET', '/api/cluster');
      element.textContent = describeCluster(status);
      element.classList.toggle('waiting', status.waiting > 0 || !status.connected);
      element.hidden = false;
    } catch {
      // The gateway is restarting or away: the next poll tells.
    }
    setTimeout(() => void poll(), POLL_MS);
  };
  void poll();
}
