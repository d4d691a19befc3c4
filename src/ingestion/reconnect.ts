import type { ReconnectConfig } from './capture-config.js';

/** The wait before reconnection attempt `attempt` (1-based): doubling from the initial delay, capped. */
export function reconnectDelayMs(attempt: number, config: ReconnectConfig): number {
  return Math.min(config.maxDelayMs, config.initialDelayMs * 2 ** Math.max(0, attempt - 1));
}
