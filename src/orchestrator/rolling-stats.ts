/** A summary of one stage's durations. */
export interface StageStatsSnapshot {
  /** Exponential moving average (alpha 0.1). */
  readonly emaMs: number;
  /** Percentiles over the sliding window of the latest samples. */
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly lastMs: number;
  readonly count: number;
}

/** The smoothing factor: each new sample weighs 10%. */
export const EMA_ALPHA = 0.1;

/** Durations of one stage: a moving average and percentiles over a window of the latest `windowSize` samples. */
export class RollingStats {
  private readonly window: Float64Array;
  private next = 0;
  private count = 0;
  private ema = 0;
  private last = 0;

  constructor(windowSize: number, private readonly alpha = EMA_ALPHA) {
    this.window = new Float64Array(windowSize);
  }

  add(ms: number): void {
    this.ema = this.count === 0 ? ms : this.alpha * ms + (1 - this.alpha) * this.ema;
    this.last = ms;
    this.window[this.next] = ms;
    this.next = (this.next + 1) % this.window.length;
    this.count += 1;
  }

  snapshot(): StageStatsSnapshot {
    const filled = Math.min(this.count, this.window.length);
    const sorted = this.window.slice(0, filled).sort();
    // Nearest rank: the smallest sample with at least that fraction of samples at or below it.
    const rank = (fraction: number): number => (filled === 0 ? 0 : sorted[Math.max(0, Math.ceil(fraction * filled) - 1)]!);
    return { emaMs: this.ema, p50Ms: rank(0.5), p95Ms: rank(0.95), p99Ms: rank(0.99), lastMs: this.last, count: this.count };
  }
}
