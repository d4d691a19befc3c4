import { MEASURED_STAGES, type MeasuredStage, type StageDurations } from '../core/pipeline-stages.js';
import { pushKeepingLast } from '../core/keep-last.js';
import { RollingStats, type StageStatsSnapshot } from './rolling-stats.js';
import type { SessionMetrics } from './session-shapes.js';


/** A session's metrics at one moment: plain data. */
export interface MetricsSnapshot {
  readonly stages: Record<MeasuredStage, StageStatsSnapshot>;
  readonly frames: { readonly processed: number; readonly dropped: number; readonly errored: number };
  /** How old frames were when the pipeline took them (see CapturedFrame's `ageMs`): how far behind it runs. */
  readonly frameAge: StageStatsSnapshot;
  /** Frames completed per second over the latest completions. */
  readonly fps: number;
}

/** Completions used for the current frame rate. */
const FPS_WINDOW = 30;

/** Per-stage timings and frame counters of one session. Time is given by the caller, never read here. */
export class PipelineMetrics {
  private readonly stages: Record<MeasuredStage, RollingStats>;
  private readonly frameAge: RollingStats;
  private readonly completions: number[] = [];
  private processed = 0;
  private errored = 0;
  private dropped = 0;

  constructor(windowSize: number) {
    const entries = MEASURED_STAGES.map((stage) => [stage, new RollingStats(windowSize)] as const);
    this.stages = Object.fromEntries(entries) as Record<MeasuredStage, RollingStats>;
    this.frameAge = new RollingStats(windowSize);
  }

  /** A frame went through the pipeline, `ageMs` old when it was taken, finishing at `completedAtMs`. */
  frameProcessed(durations: StageDurations, ageMs: number, completedAtMs: number): void {
    for (const [stage, ms] of Object.entries(durations) as [MeasuredStage, number][]) this.stages[stage].add(ms);
    this.frameAge.add(ageMs);
    this.processed += 1;
    pushKeepingLast(this.completions, completedAtMs, FPS_WINDOW);
  }

  get processedCount(): number {
    return this.processed;
  }

  frameErrored(): void {
    this.errored += 1;
  }

  /** The source's count of dropped frames so far. */
  setDropped(dropped: number): void {
    this.dropped = dropped;
  }

  stageSnapshot(stage: MeasuredStage): StageStatsSnapshot {
    return this.stages[stage].snapshot();
  }

  snapshot(): MetricsSnapshot {
    const stages = Object.fromEntries(Object.entries(this.stages).map(([stage, stats]) => [stage, stats.snapshot()]));
    const first = this.completions[0];
    const last = this.completions.at(-1);
    const span = first === undefined || last === undefined ? 0 : last - first;
    return {
      stages: stages as Record<MeasuredStage, StageStatsSnapshot>,
      frames: { processed: this.processed, dropped: this.dropped, errored: this.errored },
      frameAge: this.frameAge.snapshot(),
      fps: span > 0 ? ((this.completions.length - 1) * 1000) / span : 0,
    };
  }
}

/** Each stage's median and 95th percentile, and the whole frame's (`total`). */
function latencyByStage(snapshot: MetricsSnapshot): Record<string, { p50Ms: number; p95Ms: number }> {
  return Object.fromEntries(MEASURED_STAGES.map((stage) => [stage, { p50Ms: snapshot.stages[stage].p50Ms, p95Ms: snapshot.stages[stage].p95Ms }]));
}

/** A session's metrics as clients see them, a local session's and a cluster stream's alike. */
export function sessionMetrics(snapshot: MetricsSnapshot, frames: SessionMetrics['frames'] = snapshot.frames): SessionMetrics {
  return { fps: snapshot.fps, frames, stages: latencyByStage(snapshot) };
}
