import { handLandmarksToRect } from '../extraction/geometry/landmarks-to-rect.js';
import type { RotatedRect } from '../extraction/geometry/types.js';
import { HandLandmarker } from '../extraction/hand-landmarker.js';
import { DEFAULT_HAND_LANDMARKER_OPTIONS, type HandLandmarkerOptions } from '../extraction/hand-landmarker-options.js';
import { HandLandmarkModel } from '../extraction/landmark-model.js';
import { PalmDetector } from '../extraction/palm-detector.js';
import type { VideoFrame } from '../ingestion/video-decoder.js';
import { SampleSet, median } from './statistics.js';

/** The most CPU time per frame a tracked hand may cost, as a multiple of its landmark model's own time. */
export const CPU_PER_LANDMARK_TARGET = 1.25;

export interface EngineCpuFigures {
  maxHands: number;
  palmSearchIntervalMs: number;
  stillScenePalmSearchIntervalMs: number;
  frames: number;
  framesWithHands: number;
  /** Hands found, added up over the frames. */
  handsFound: number;
  palmRuns: number;
  /** CPU time of every thread of this process (the engine, its model worker, reading frames from a decoder) per frame. */
  cpuMsPerFrame: number;
  wallMsPerFrame: number;
  /** Time from handing a frame to the engine to its result. */
  latency: SampleSet;
  /** Per frame, the rectangle the tracker gives the landmark model in the next frame (its first hand's). */
  nextRects: (RotatedRect | undefined)[];
}

export interface ModelRunFigures {
  runs: number;
  /** CPU time of the ONNX Runtime run alone (crop and projection left out), per run. */
  cpuMsPerRun: number;
  /** Wall time of the ONNX Runtime run, median. */
  modelMs: number;
}

type EngineOptions = Pick<HandLandmarkerOptions, 'model' | 'threads' | 'maxHands' | 'precision' | 'palmSearchIntervalMs' | 'stillScenePalmSearchIntervalMs'>;

/** CPU time of all threads of this process so far, in ms (process.cpuUsage includes worker threads). */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Video frames as they come from the decoder, or decoded beforehand and held in memory. */
export type Frames = AsyncIterable<VideoFrame> | Iterable<VideoFrame>;

/**
 * Up to `limit` frames read into memory, so that passes over them time the engine and not the reading, and the
 * CPU time reading them cost this process a frame (ffmpeg's own process not counted).
 */
export async function holdFrames(frames: AsyncIterable<VideoFrame>, limit = Number.POSITIVE_INFINITY): Promise<{ frames: VideoFrame[]; readCpuMsPerFrame: number }> {
  const held: VideoFrame[] = [];
  const cpuStart = cpuMs();
  for await (const frame of frames) {
    held.push(frame);
    if (held.length >= limit) break;
  }
  return { frames: held, readCpuMsPerFrame: (cpuMs() - cpuStart) / Math.max(1, held.length) };
}

/** One video-mode pass of a fresh engine over the frames, timing CPU and wall clock. */
export async function measureEngineCpu(frames: Frames, options: EngineOptions): Promise<EngineCpuFigures> {
  const landmarker = await HandLandmarker.create(options);
  try {
    const latency = new SampleSet();
    const nextRects: (RotatedRect | undefined)[] = [];
    let framesWithHands = 0;
    let handsFound = 0;
    let palmRuns = 0;
    const cpuStart = cpuMs();
    const wallStart = performance.now();
    for await (const frame of frames) {
      const result = await landmarker.detectForVideo(frame.image, frame.timestampMs);
      if (result.handsDetected > 0) framesWithHands++;
      handsFound += result.handsDetected;
      if (result.timings.palmModelMs > 0) palmRuns++;
      latency.add(result.extractionLatencyMs);
      const hand = result.hands[0];
      nextRects.push(hand && handLandmarksToRect(hand.landmarks.map((point) => ({ x: point.pixelX, y: point.pixelY }))));
    }
    const count = nextRects.length;
    return {
      maxHands: landmarker.options.maxHands,
      palmSearchIntervalMs: landmarker.options.palmSearchIntervalMs,
      stillScenePalmSearchIntervalMs: landmarker.options.stillScenePalmSearchIntervalMs,
      frames: count,
      framesWithHands,
      handsFound,
      palmRuns,
      cpuMsPerFrame: (cpuMs() - cpuStart) / count,
      wallMsPerFrame: (performance.now() - wallStart) / count,
      latency,
      nextRects,
    };
  } finally {
    await landmarker.close();
  }
}

/**
 * The landmark model alone on the crops the tracker gave it (each frame's rectangle from the frame before),
 * with nothing else running in this process, so the CPU time of its runs is its own.
 */
export async function measureLandmarkModel(
  frames: Frames,
  options: EngineOptions,
  rects: readonly (RotatedRect | undefined)[],
): Promise<ModelRunFigures> {
  const model = await HandLandmarkModel.create(options.model ?? 'full', options.threads ?? 1);
  try {
    const modelMs = new SampleSet();
    let cpu = 0;
    for await (const frame of frames) {
      const rect = rects[frame.index - 1];
      if (!rect) continue;
      const start = cpuMs();
      const run = await model.run(frame.image, rect);
      cpu += cpuMs() - start - run.preprocessMs - run.postprocessMs;
      modelMs.add(run.modelMs);
    }
    return { runs: modelMs.count, cpuMsPerRun: cpu / modelMs.count, modelMs: modelMs.percentile(0.5) };
  } finally {
    await model.close();
  }
}

/** Every this many frames gives the palm model a run: its cost per run does not depend on what the frame shows. */
const PALM_FRAME_STEP = 5;

/**
 * The palm model alone, on the caller's thread (no hand-over counted), on every fifth frame: CPU time of its runs,
 * letterboxing and decoding left out.
 */
export async function measurePalmModel(frames: Frames, options: EngineOptions): Promise<ModelRunFigures> {
  const detector = await PalmDetector.create(options.model ?? 'full', options.threads ?? 1, undefined, false);
  try {
    const modelMs = new SampleSet();
    let cpu = 0;
    for await (const frame of frames) {
      if (frame.index % PALM_FRAME_STEP !== 0) continue;
      const start = cpuMs();
      const run = await detector.detect(frame.image, { minScore: DEFAULT_HAND_LANDMARKER_OPTIONS.minDetectionConfidence });
      cpu += cpuMs() - start - run.preprocessMs - run.postprocessMs;
      modelMs.add(run.modelMs);
    }
    return { runs: modelMs.count, cpuMsPerRun: cpu / modelMs.count, modelMs: modelMs.percentile(0.5) };
  } finally {
    await detector.close();
  }
}

export function formatEngineCpu(figures: EngineCpuFigures): string {
  const { frames, framesWithHands, palmRuns, cpuMsPerFrame, wallMsPerFrame, latency } = figures;
  return (
    `${engineLabel(figures)}: CPU ${cpuMsPerFrame.toFixed(2)} ms per frame (all threads), wall ${wallMsPerFrame.toFixed(2)} ms per frame; ` +
    `engine latency p50 ${latency.percentile(0.5).toFixed(2)} ms, p95 ${latency.percentile(0.95).toFixed(2)} ms; ` +
    `hands in ${framesWithHands} of ${frames} frames, palm detector on ${palmRuns}`
  );
}

/** An engine's CPU per frame against the landmark model's in the same rounds (see ratiosAgainstCeiling). */
export function formatCpuRatio(figures: EngineCpuFigures, ratios: readonly number[]): string {
  return `${engineLabel(figures)}: CPU per frame / landmark model ${ratiosAgainstCeiling(ratios, CPU_PER_LANDMARK_TARGET)}`;
}

/**
 * "1.24x (rounds 1.20, 1.31, 1.24; target at most 1.25x): holds": the median of the rounds' own ratios, so a busy
 * round weighs on both sides of its ratio at once.
 */
export function ratiosAgainstCeiling(ratios: readonly number[], atMost: number): string {
  const ratio = median(ratios);
  const verdict = ratio <= atMost ? 'holds' : 'FAILS';
  return `${ratio.toFixed(2)}x (rounds ${ratios.map((each) => each.toFixed(2)).join(', ')}; target at most ${atMost}x): ${verdict}`;
}

/** "maxHands 2 (palm search every 200 ms, 1000 ms in a still scene)": which engine a line is about. */
function engineLabel({ maxHands, palmSearchIntervalMs, stillScenePalmSearchIntervalMs }: EngineCpuFigures): string {
  if (maxHands === 1) return 'maxHands 1';
  const stillScene = stillScenePalmSearchIntervalMs <= palmSearchIntervalMs ? ' whatever moves' : `, ${stillScenePalmSearchIntervalMs} ms in a still scene`;
  return `maxHands ${maxHands} (palm search every ${palmSearchIntervalMs} ms${stillScene})`;
}

export function formatModelAlone(figures: ModelRunFigures, model: 'landmark' | 'palm' = 'landmark'): string {
  return `${model} model alone: CPU ${figures.cpuMsPerRun.toFixed(2)} ms per run, ONNX Runtime run ${figures.modelMs.toFixed(2)} ms (median), ${figures.runs} runs`;
}
