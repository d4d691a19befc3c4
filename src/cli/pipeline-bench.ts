import { openSource } from '../ingestion/open-source.js';
import { buildSession } from '../orchestrator/build-session.js';
import { findProject } from '../projects/projects.js';
import { loadConfig } from '../orchestrator/config.js';
import { createLogger } from '../orchestrator/logger.js';
import type { FrameEvent } from '../output/frame-event.js';
import { SampleSet, formatTable } from './statistics.js';

/** The share of model time the rest of the pipeline may add per frame. */
const OVERHEAD_TARGET = 0.25;

/** Per-frame samples of where a session's time went, apart from the two models. */
class OverheadSamples {
  readonly models = new SampleSet();
  readonly wait = new SampleSet();
  readonly preprocessing = new SampleSet();
  readonly engineOther = new SampleSet();
  readonly inference = new SampleSet();
  readonly dispatch = new SampleSet();
  private modelTotal = 0;
  private overheadTotal = 0;

  add(event: FrameEvent, dispatchMs: number): void {
    const { palmModelMs, landmarkModelMs } = event.extraction.timings;
    const models = palmModelMs + landmarkModelMs;
    const latency = event.latencyMs;
    // The engine's own work besides its models: letterbox and crops, decoding the outputs, tracking.
    const engineOther = Math.max(0, (latency.extraction ?? 0) - models);
    const parts = [latency.ingestion ?? 0, latency.preprocessing ?? 0, engineOther, latency.inference ?? 0, dispatchMs];
    this.models.add(models);
    this.wait.add(parts[0]!);
    this.preprocessing.add(parts[1]!);
    this.engineOther.add(engineOther);
    this.inference.add(parts[3]!);
    this.dispatch.add(dispatchMs);
    this.modelTotal += models;
    this.overheadTotal += parts.reduce((sum, ms) => sum + ms, 0);
  }

  get ratio(): number {
    return this.overheadTotal / this.modelTotal;
  }

  get meanModelMs(): number {
    return this.modelTotal / this.models.count;
  }

  get meanOverheadMs(): number {
    return this.overheadTotal / this.models.count;
  }
}

/**
 * Runs a whole session (`handflow run` without output) on a video and prints the pipeline's per-frame overhead
 * beyond the palm and landmark models: waiting for decoded frames, preprocessing, the engine's crops and
 * post-processing, inference and dispatch to outputs, as a share of the model time.
 */
export async function benchPipeline(video: string, extraction: { model: 'full' | 'lite'; threads: number }): Promise<void> {
  const config = await loadConfig({ env: {}, flags: { extraction } });
  const samples = new OverheadSamples();
  let dispatchStarted = 0;
  // The sink is the last output: dispatch is the time from the session handing the event on until it is back.
  const { session } = await buildSession({
    id: 'bench',
    source: openSource({ kind: 'video-file', path: video }, config.capture),
    config,
    project: findProject(config.project),
    sinks: [{ write: () => void (dispatchStarted = performance.now()) }],
    logger: createLogger('silent'),
  });
  session.on('frame', (event) => samples.add(event, performance.now() - dispatchStarted));
  const summary = await session.run();
  const frames = summary.frames.processed;
  const wallPerFrame = summary.durationMs / frames;

  console.log(`\npipeline (a "handflow run" session, video mode, project ${config.project}): ${frames} frames, ${summary.metrics.fps.toFixed(1)} fps`);
  console.log(
    formatTable([
      ['models (palm + landmark)', samples.models],
      ['waiting for decoded frame', samples.wait],
      ['preprocessing', samples.preprocessing],
      ['engine crops + post', samples.engineOther],
      ['inference', samples.inference],
      ['dispatch to outputs', samples.dispatch],
    ]),
  );
  const verdict = samples.ratio <= OVERHEAD_TARGET ? 'within' : 'OVER';
  console.log(
    `pipeline overhead beyond the models: ${samples.meanOverheadMs.toFixed(2)} ms per frame = ${(samples.ratio * 100).toFixed(1)}% of ` +
      `${samples.meanModelMs.toFixed(2)} ms model time (${verdict} the ${OVERHEAD_TARGET * 100}% target); ` +
      `wall clock ${wallPerFrame.toFixed(2)} ms per frame`,
  );
  const age = summary.metrics.frameAge;
  console.log(`frame age when the pipeline took it (decoded ahead and buffered): p50 ${age.p50Ms.toFixed(1)} ms, p95 ${age.p95Ms.toFixed(1)} ms`);
}

/** Realtime latency may exceed the model time by this much (the target). */
const LATENCY_MARGIN_MS = 10;

/**
 * Plays a video in real time through a whole session, as a camera would deliver it, and prints the
 * frame-to-event latency (from when a frame was due to when its output was dispatched) against the models' time.
 */
export async function benchRealtimeLatency(video: string, extraction: { model: 'full' | 'lite'; threads: number }): Promise<void> {
  const config = await loadConfig({ env: {}, flags: { extraction, capture: { realtime: true } } });
  const models = new SampleSet();
  const { session } = await buildSession({
    id: 'bench-realtime',
    source: openSource({ kind: 'video-file', path: video }, config.capture),
    config,
    project: findProject(config.project),
    logger: createLogger('silent'),
  });
  session.on('frame', (event) => models.add(event.extraction.timings.palmModelMs + event.extraction.timings.landmarkModelMs));
  const summary = await session.run();
  const { total } = summary.metrics.stages;
  const modelMs = models.percentile(0.5);
  const verdict = total.p95Ms <= modelMs + LATENCY_MARGIN_MS ? 'within' : 'OVER';
  console.log(
    `\nrealtime (the video played at its own pace, as a camera): ${summary.frames.processed} frames processed, ${summary.frames.dropped} dropped; ` +
      `frame-to-event latency p50 ${total.p50Ms.toFixed(1)} ms, p95 ${total.p95Ms.toFixed(1)} ms against ${modelMs.toFixed(1)} ms of models ` +
      `(median): ${verdict} the target of the model time + ${LATENCY_MARGIN_MS} ms`,
  );
}
