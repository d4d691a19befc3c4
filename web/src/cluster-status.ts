import type { ClusterStatus } from '../../src/server/cluster/cluster-status';
import { api, ApiProblem } from './api';

const POLL_MS = 2000;

/** What a gateway (`serve --nats`) says of its cluster, in a word: workers, streams running and waiting for room. */
export function describeCluster(status: ClusterStatus): string {
  const workers = `${status.workers.length} worker${status.workers.length === 1 ? '' : 's'}`;
  return `Cluster: ${workers} · ${status.running} running · ${status.waiting} waiting for a worker with room`;
}

/**
 * Shows the cluster's state in `element` every two seconds on a gateway; on a server of one process
 * (`/api/cluster` is not found) it stays hidden and stops asking.
 */
export function followCluster(element: HTMLElement): void {
  const poll = async (): Promise<void> => {
    try {
      const status = await api<ClusterStatus>('GET', '/api/cluster');
      element.textContent = describeCluster(status);
      element.classList.toggle('waiting', status.waiting > 0);
      element.hidden = false;
    } catch (error) {
      if (error instanceof ApiProblem && error.code === 'NOT_FOUND') return;
    }
    setTimeout(() => void poll(), POLL_MS);
  };
  void poll();
}
