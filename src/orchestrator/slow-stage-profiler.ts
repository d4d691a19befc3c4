import type { MeasuredStage } from '../core/pipeline-stages.js';

/** A stage whose median time went over budget. */
export interface SlowStageWarning {
  readonly type: 'warning';
  readonly sessionId: string;
  readonly stage: MeasuredStage;
  readonly medianMs: number;
  readonly budgetMs: number;
  readonly message: string;
}

/** Samples before a stage is judged. */
export const WARM_UP_FRAMES = 10;

/**
 * Warns when a stage's median time over the metrics window goes over the budget (30 ms by default), once, and
 * again only after it has come back under 80% of it, so that a stage hovering at the limit does not warn on
 * every frame. The median, not the moving average, so that a model's slow first runs do not count.
 */
export class SlowStageProfiler {
  private readonly over = new Set<MeasuredStage>();

  constructor(
    private readonly sessionId: string,
    readonly budgetMs: number,
  ) {}

  observe(stage: MeasuredStage, medianMs: number, samples: number): SlowStageWarning | undefined {
    if (samples < WARM_UP_FRAMES) return undefined;
    if (this.over.has(stage)) {
      if (medianMs < this.budgetMs * 0.8) this.over.delete(stage);
      return undefined;
    }
    if (medianMs <= this.budgetMs) return undefined;
    this.over.add(stage);
    return {
      type: 'warning',
      sessionId: this.sessionId,
      stage,
      medianMs,
      budgetMs: this.budgetMs,
      message: `${stage} takes ${medianMs.toFixed(1)} ms per frame (median), over the ${this.budgetMs} ms budget`,
    };
  }
}
