import type { MeasuredStage } from './pipeline-metrics.js';

/** A stage whose moving average went over budget. */
export interface SlowStageWarning {
  readonly type: 'warning';
  readonly sessionId: string;
  readonly stage: MeasuredStage;
  readonly averageMs: number;
  readonly budgetMs: number;
  readonly message: string;
}

/**
 * Warns when a stage's moving average goes over the budget (the design's 30 ms), once, and again only after it
 * has come back under 80% of it, so that a stage hovering at the limit does not warn on every frame.
 */
export class SlowStageProfiler {
  private readonly over = new Set<MeasuredStage>();

  constructor(
    private readonly sessionId: string,
    readonly budgetMs: number,
  ) {}

  observe(stage: MeasuredStage, averageMs: number): SlowStageWarning | undefined {
    if (this.over.has(stage)) {
      if (averageMs < this.budgetMs * 0.8) this.over.delete(stage);
      return undefined;
    }
    if (averageMs <= this.budgetMs) return undefined;
    this.over.add(stage);
    return {
      type: 'warning',
      sessionId: this.sessionId,
      stage,
      averageMs,
      budgetMs: this.budgetMs,
      message: `${stage} takes ${averageMs.toFixed(1)} ms per frame on average, over the ${this.budgetMs} ms budget`,
    };
  }
}
