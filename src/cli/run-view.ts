import type { PipelineErrorEvent } from '../orchestrator/pipeline-error.js';
import type { MeasuredStage } from '../core/pipeline-stages.js';
import type { MetricsSnapshot } from '../orchestrator/pipeline-metrics.js';
import type { SessionSummary } from '../orchestrator/session.js';
import { resultOf } from '../inference/inference-stage.js';
import type { FrameEvent } from '../output/frame-event.js';
import { analyzeRecord } from './analyze-record.js';

const STAGE_SHORT_NAMES: Record<MeasuredStage, string> = {
  ingestion: 'ingest',
  preprocessing: 'pre',
  extraction: 'extract',
  inference: 'infer',
  output: 'out',
  total: 'total',
};

const round2 = (value: number): number => Math.round(value * 100) / 100;

/** A frame event as one line of `handflow run --json`: the analyze record, plus what the project made of it. */
export function frameJson(event: FrameEvent): string {
  const latency = Object.fromEntries(Object.entries(event.latencyMs).map(([stage, ms]) => [stage, round2(ms)]));
  return JSON.stringify({
    type: 'frame',
    session: event.sessionId,
    ...analyzeRecord(event.origin ?? event.source, event.frameNumber, event.timestampMs, event.extraction, resultOf(event.inference, 'static')?.raw_output.hands),
    inference: event.inference,
    latency_ms: latency,
  });
}

/** What the project saw, in a few words: the first classifier's gesture, or a finger count. */
export function gestureText(event: FrameEvent): string {
  const result = event.inference?.results.find((candidate) => candidate.gesture_type !== 'none');
  if (result === undefined) return '-';
  return result.finger_count === null ? result.gesture_type : `${result.finger_count} finger(s)`;
}

/** The live terminal line: fps, hands, gesture, each stage's average latency, counters. */
export function liveStatus(event: FrameEvent, metrics: MetricsSnapshot): string {
  const stages = (Object.keys(STAGE_SHORT_NAMES) as MeasuredStage[])
    .filter((stage) => metrics.stages[stage].count > 0)
    .map((stage) => `${STAGE_SHORT_NAMES[stage]} ${metrics.stages[stage].emaMs.toFixed(1)}`)
    .join(' ');
  const { processed, dropped, errored } = metrics.frames;
  return `${metrics.fps.toFixed(1)} fps | ${event.extraction.handsDetected} hand(s) | ${gestureText(event)} | ms: ${stages} | ${processed} done ${dropped} dropped ${errored} errored`;
}

export function errorLine(event: PipelineErrorEvent): string {
  return `${event.severity === 'LOW' || event.severity === 'MEDIUM' ? 'warning' : 'error'} [${event.severity}] ${event.name}: ${event.message}`;
}

/** The closing summary for people: why it ended, frame counts that add up, speed, and the slowest stage. */
export function summaryText(summary: SessionSummary): string {
  const { processed, dropped, errored } = summary.frames;
  const extraction = summary.metrics.stages.extraction;
  const timing =
    extraction.count > 0
      ? `; extraction p50 ${extraction.p50Ms.toFixed(1)} ms, p95 ${extraction.p95Ms.toFixed(1)} ms; frame age p95 ${summary.metrics.frameAge.p95Ms.toFixed(1)} ms`
      : '';
  return (
    `${summary.source}: ${summary.reason} after ${(summary.durationMs / 1000).toFixed(1)} s: ` +
    `${processed} processed + ${dropped} dropped + ${errored} errored = ${processed + dropped + errored} frames` +
    `, ${summary.metrics.fps.toFixed(1)} fps${timing}`
  );
}

/** The summary as the last line of `--json` output. */
export function summaryJson(summary: SessionSummary): string {
  return JSON.stringify(summary, (_key, value: unknown) => (typeof value === 'number' ? round2(value) : value));
}
