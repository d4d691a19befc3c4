import { pushKeepingLast } from '../core/keep-last.js';

import type { MetricsSnapshot } from '../orchestrator/pipeline-metrics.js';

/** Reports (about a second apart) a stream's keeping up is judged over. */
const WINDOW = 5;
/** A stream that drops more than this share of its frames does not keep up. */
const MAX_DROPPED_SHARE = 0.1;

/**
 * Whether a stream keeps up at its source's rate: over its latest reports, it dropped at most a tenth of its
 * frames (a real-time source drops what the pipeline is too late for). A worker whose streams do not keep up
 * takes no more.
 */
export class KeepUpMonitor {
  private readonly samples: MetricsSnapshot['frames'][] = [];

  observe(frames: MetricsSnapshot['frames']): void {
    pushKeepingLast(this.samples, frames, WINDOW);
  }

  keepsUp(): boolean {
    const first = this.samples[0];
    const last = this.samples.at(-1);
    if (first === undefined || last === undefined) return true;
    const processed = last.processed - first.processed;
    const dropped = last.dropped - first.dropped;
    return dropped <= MAX_DROPPED_SHARE * (processed + dropped);
  }
}
