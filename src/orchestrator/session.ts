import type { Logger } from 'pino';

import type { Clock } from '../core/clock.js';
import { errorMessage } from '../core/errors.js';
import { TypedEmitter } from '../core/typed-emitter.js';
import type { CapturedFrame } from '../ingestion/captured-frame.js';
import type { FrameSource } from '../ingestion/frame-source.js';
import type { PreprocessConfig } from '../preprocessing/preprocess-config.js';
import { preprocessFrame } from '../preprocessing/preprocessed-frame.js';
import { PIPELINE_STAGES, type PipelineStage, type StageDurations } from '../core/pipeline-stages.js';
import { classifyError, errorEvent, type ErrorContext, type PipelineErrorEvent, type Severity } from './pipeline-error.js';
import { PipelineMetrics, type MetricsSnapshot } from './pipeline-metrics.js';
import { SlowStageProfiler, type SlowStageWarning } from './slow-stage-profiler.js';
import type { ExtractionStage } from '../extraction/extraction-stage.js';
import type { FrameEvent, OutputSink } from '../output/frame-event.js';
import type { InferenceOutput, InferenceStage } from '../inference/inference-stage.js';
import type { SessionEndReason, SessionState } from './session-shapes.js';

export interface PipelineSettings {
  /** Samples kept for the p50/p95/p99 of each stage. */
  readonly metricsWindow: number;
  /** A stage whose average goes over this many ms is reported by a `warning` event. */
  readonly slowStageMs: number;
  /** This many frames failing in a row stop the session (a broken stage should not spin). */
  readonly maxConsecutiveFrameErrors: number;
}

/** Everything a session runs. It owns them: they are stopped and closed when the session ends. */
export interface SessionParts {
  readonly id: string;
  readonly source: FrameSource;
  readonly extraction: ExtractionStage;
  /** The project's classifiers; none means frames carry hands only. */
  readonly inference?: InferenceStage;
  readonly outputs: readonly OutputSink[];
  readonly preprocess: PreprocessConfig;
  readonly settings: PipelineSettings;
  readonly clock: Clock;
  readonly logger: Logger;
}

export type { SessionEndReason, SessionState };

export interface SessionSummary {
  readonly type: 'summary';
  readonly sessionId: string;
  readonly source: string;
  readonly reason: SessionEndReason;
  readonly frames: MetricsSnapshot['frames'];
  readonly errors: Record<Severity, number>;
  readonly durationMs: number;
  readonly metrics: MetricsSnapshot;
}

export type SessionEvents = {
  frame: [FrameEvent];
  error: [PipelineErrorEvent];
  warning: [SlowStageWarning];
  state: [SessionState];
  end: [SessionSummary];
};

/** The profiler looks at the stages' medians every this many frames (sorting a window is not free). */
const PROFILE_EVERY_FRAMES = 10;

type StageOutcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false };

/**
 * One source through the five stages: ingestion -> preprocessing -> extraction -> inference -> output. The
 * source decodes ahead in its own process while the models work. Every error becomes an `error` event and is
 * handled by its severity; nothing a session meets is thrown to its caller, so sessions side by side cannot
 * take one another down.
 */
export class PipelineSession extends TypedEmitter<SessionEvents> {
  private currentState: SessionState = 'idle';
  private readonly metrics: PipelineMetrics;
  private readonly profiler: SlowStageProfiler;
  private readonly errors: Record<Severity, number> = { LOW: 0, MEDIUM: 0, HIGH: 0, FATAL: 0 };
  private readonly log: Logger;
  private endReason: SessionEndReason | undefined;
  /** The error that ended the session (a HIGH or FATAL one), if one did. */
  private ending: PipelineErrorEvent | undefined;
  private consecutiveFrameErrors = 0;
  private running: Promise<SessionSummary> | undefined;
  private closing: Promise<void> | undefined;

  constructor(private readonly parts: SessionParts) {
    super((error, event) => parts.logger.error({ session: parts.id, event, err: error }, 'a session listener threw'));
    this.metrics = new PipelineMetrics(parts.settings.metricsWindow);
    this.profiler = new SlowStageProfiler(parts.id, parts.settings.slowStageMs);
    this.log = parts.logger.child({ session: parts.id, source: parts.source.label });
    parts.source.on('problem', ({ error, recovering, frameLost }) => {
      if (frameLost) this.metrics.frameErrored();
      this.report('ingestion', error, recovering ? { sourceRecovering: { frameLost } } : {});
    });
  }

  get id(): string {
    return this.parts.id;
  }

  /** The error that ended the session, when one did (its end reason is then `failed` or `fatal`). */
  get endingError(): PipelineErrorEvent | undefined {
    return this.ending;
  }

  get state(): SessionState {
    return this.currentState;
  }

  snapshot(): MetricsSnapshot {
    this.metrics.setDropped(this.parts.source.stats.dropped);
    return this.metrics.snapshot();
  }

  /** Runs until the source ends, `stop()`, or an error that stops the session. Resolves with the summary; never rejects. */
  run(): Promise<SessionSummary> {
    this.running ??= this.loop();
    return this.running;
  }

  /**
   * Releases what the session owns (the source, the models and their threads, the outputs) without running it:
   * for a session that could not be started. A session that runs releases them as it ends. Safe to call twice.
   */
  async discard(): Promise<void> {
    if (this.running === undefined) await this.closeParts();
  }

  /** Stops after the frame in hand; `run()` then resolves with reason `stopped`. */
  stop(): void {
    this.halt('stopped');
  }

  pause(): void {
    if (this.currentState !== 'running') return;
    this.parts.source.pause();
    this.setState('paused');
  }

  resume(): void {
    if (this.currentState !== 'paused') return;
    this.parts.source.resume();
    this.setState('running');
  }

  private async loop(): Promise<SessionSummary> {
    const { source, clock } = this.parts;
    const startedAt = clock();
    this.setState('running');
    this.log.info('session started');
    try {
      await source.start();
      // The frame before the one in hand: its pixels are read until this one's hands are found (a palm search
      // started on it ends then), so it goes back to the source only once this one is done.
      let previous: CapturedFrame | undefined;
      while (this.endReason === undefined) {
        const waitStarted = clock();
        const captured = await source.getFrame();
        if (captured === undefined) break;
        await this.process(captured, clock() - waitStarted);
        if (previous !== undefined) source.release(previous);
        previous = captured;
      }
    } catch (error) {
      this.report('ingestion', error);
    }
    this.setState('stopping');
    await this.closeParts();
    const summary: SessionSummary = {
      type: 'summary',
      sessionId: this.id,
      source: source.label,
      reason: this.endReason ?? 'ended',
      frames: this.snapshot().frames,
      errors: { ...this.errors },
      durationMs: clock() - startedAt,
      metrics: this.snapshot(),
    };
    this.log.info({ frames: summary.frames, reason: summary.reason }, 'session ended');
    this.setState('ended');
    this.emit('end', summary);
    return summary;
  }

  /** `waitedMs`: how long the pipeline waited for this frame (decoding that did not keep ahead). */
  private async process(captured: CapturedFrame, waitedMs: number): Promise<void> {
    const { clock, extraction, inference, outputs, preprocess, source } = this.parts;
    const started = clock();
    const durations: StageDurations = { ingestion: waitedMs };
    const at = captured.frameNumber;

    const frame = await this.stage('preprocessing', at, durations, () => preprocessFrame(captured, preprocess));
    if (!frame.ok) return this.frameFailed();
    const hands = await this.stage('extraction', at, durations, () => extraction.extract(frame.value, source.stills));
    if (!hands.ok) return this.frameFailed();
    const meaning = inference ? await this.stage('inference', at, durations, () => inference.infer(hands.value, frame.value)) : undefined;

    const event = this.frameEvent(captured, hands.value, meaning?.ok ? meaning.value : null, { ...durations });
    for (const sink of outputs) await this.stage('output', at, durations, () => sink.write(event));
    // From capture to output: the frame's age when the pipeline took it, then the stages.
    durations.total = captured.ageMs + (clock() - started);
    this.frameDone(durations, captured.ageMs);
    this.emit('frame', event);
  }

  /** Runs one stage's work on a frame, adding its time; a failure is reported and handled by its severity. */
  private async stage<T>(stage: PipelineStage, frameNumber: number, durations: StageDurations, work: () => T | Promise<T>): Promise<StageOutcome<T>> {
    const started = this.parts.clock();
    try {
      return { ok: true, value: await work() };
    } catch (error) {
      this.report(stage, error, {}, frameNumber);
      return { ok: false };
    } finally {
      durations[stage] = (durations[stage] ?? 0) + (this.parts.clock() - started);
    }
  }

  private frameEvent(captured: CapturedFrame, extraction: FrameEvent['extraction'], inference: InferenceOutput | null, latencyMs: StageDurations): FrameEvent {
    const { origin } = captured.metadata;
    return {
      type: 'frame',
      sessionId: this.id,
      source: this.parts.source.label,
      frameNumber: captured.frameNumber,
      timestampMs: captured.timestamp,
      ...(origin === undefined ? {} : { origin }),
      extraction,
      inference,
      latencyMs,
    };
  }

  private frameDone(durations: StageDurations, ageMs: number): void {
    this.consecutiveFrameErrors = 0;
    this.metrics.frameProcessed(durations, ageMs, this.parts.clock());
    if (this.metrics.processedCount % PROFILE_EVERY_FRAMES !== 0) return;
    for (const stage of PIPELINE_STAGES) {
      const { p50Ms, count } = this.metrics.stageSnapshot(stage);
      const warning = this.profiler.observe(stage, p50Ms, count);
      if (warning === undefined) continue;
      this.log.warn({ stage, medianMs: warning.medianMs }, warning.message);
      this.emit('warning', warning);
    }
  }

  private frameFailed(): void {
    this.metrics.frameErrored();
  }

  /** Classifies an error, applies its severity and tells of it (listeners see the session already stopping). */
  private report(stage: PipelineStage, error: unknown, context: ErrorContext = {}, frameNumber?: number): void {
    const severity = classifyError(stage, error, context);
    if (severity === 'HIGH') this.halt('failed');
    if (severity === 'FATAL') this.halt('fatal');
    this.tell(stage, severity, error, frameNumber);
    if (severity === 'LOW' && ++this.consecutiveFrameErrors >= this.parts.settings.maxConsecutiveFrameErrors) {
      this.halt('failed');
      const why = `${this.consecutiveFrameErrors} frames in a row failed, so the session stops (the last: ${errorMessage(error)})`;
      this.tell(stage, 'HIGH', new Error(why), frameNumber);
    }
  }

  /** Logs, counts and emits an error event. */
  private tell(stage: PipelineStage, severity: Severity, error: unknown, frameNumber?: number): void {
    const event = errorEvent(this.id, stage, severity, error, frameNumber);
    if (severity === 'HIGH' || severity === 'FATAL') this.ending ??= event;
    this.errors[severity] += 1;
    const level = severity === 'LOW' ? 'info' : severity === 'MEDIUM' ? 'warn' : 'error';
    this.log[level]({ stage, severity, code: event.code, frameNumber, err: error }, event.message);
    this.emit('error', event);
  }

  private halt(reason: SessionEndReason): void {
    this.endReason ??= reason;
    void this.parts.source.stop();
  }

  /** Closes every part once, however often it is asked (models cannot be released twice). */
  private closeParts(): Promise<void> {
    this.closing ??= this.closeEachPart();
    return this.closing;
  }

  private async closeEachPart(): Promise<void> {
    const { source, extraction, inference, outputs } = this.parts;
    const ending = { stopped: this.endReason === 'stopped' };
    const closing = [source.stop(), extraction.close(), inference?.close?.(), ...outputs.map((sink) => sink.close?.(ending))];
    for (const result of await Promise.allSettled(closing)) {
      if (result.status === 'rejected') this.log.error({ err: result.reason }, 'closing a stage failed');
    }
  }

  private setState(state: SessionState): void {
    if (state === this.currentState) return;
    this.currentState = state;
    this.emit('state', state);
  }
}
