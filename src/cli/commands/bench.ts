import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';

import { HandLandmarker } from '../../extraction/hand-landmarker.js';
import type { HandLandmarkerOptions } from '../../extraction/hand-landmarker-options.js';
import type { ExtractionTimings } from '../../extraction/hand-landmarker-result.js';
import { createInferenceEngine } from '../../inference/create-inference-engine.js';
import { expandInputs } from '../../ingestion/input-files.js';
import { decodeVideoFrames, type DecodeVideoOptions } from '../../ingestion/video-decoder.js';
import type { Command } from '../command.js';
import { integerOption, modelOption, parseOptions } from '../parse-options.js';
import { SampleSet, formatTable } from '../statistics.js';
import { benchAnalyze } from '../analyze-bench.js';
import { benchImages, formatImageBench } from '../image-bench.js';
import { benchPipeline, benchRealtimeLatency } from '../pipeline-bench.js';
import {
  formatCpuRatio,
  formatEngineCpu,
  formatModelAlone,
  holdFrames,
  measureEngineCpu,
  measureLandmarkModel,
  measurePalmModel,
  type EngineCpuFigures,
  type ModelRunFigures,
} from '../engine-cpu-bench.js';
import { UsageError } from '../usage-error.js';

/** Inputs of the test data kept beside a checkout (see ../shared/data/README.md), relative to the working folder. */
const DEFAULT_VIDEO = '../shared/data/landmarks-reference/asl_hand.25fps.mp4';
const DEFAULT_IMAGES = '../shared/data/finger-count-epsrc/testing_set';

const USAGE = `Usage: handflow bench [options]

Measures every stage of the hand landmark engine on a real video and prints median and p95 per stage,
then video-mode frames per second, CPU time per frame (all threads) against the landmark model's own
time with maxHands 2 and 1, still-image throughput, and \`analyze\` on the photos with 1 and 2 workers.

Options:
  --video PATH       the video (default: ${DEFAULT_VIDEO}, the shared test data beside a checkout)
  --images FOLDER    photos for the still-image run (default: ${DEFAULT_IMAGES})
  --model lite|full  model size (default full)
  --threads N        ONNX Runtime threads per model (default 1)`;

/** The input given, or the default, when it is there: checked before the models load and minutes of measuring. @throws UsageError saying which option to give. */
function inputOrDefault(given: string | undefined, fallback: string, option: string): string {
  const input = given ?? fallback;
  if (!existsSync(input)) throw new UsageError(`no ${input} here (${resolve(input)}): give ${given === undefined ? 'your own' : 'another'} with ${option}`);
  return input;
}

const FITTED = { width: 640, height: 480 };

type Stage = keyof ExtractionTimings | 'decode' | 'total' | 'inference';

export const benchCommand: Command = {
  summary: 'measure each stage on a real video and print a table',
  usage: USAGE,
  async run(args) {
    const { values } = parseOptions({
      args,
      options: { video: { type: 'string' }, images: { type: 'string' }, model: { type: 'string', default: 'full' }, threads: { type: 'string' } },
    });
    const threads = integerOption('threads', values.threads, 1, 1, 64);
    const video = inputOrDefault(values.video, DEFAULT_VIDEO, '--video PATH');
    const images = inputOrDefault(values.images, DEFAULT_IMAGES, '--images FOLDER');
    if (!(await expandInputs([images])).files.some((file) => file.kind === 'image')) throw new UsageError(`${images} holds no photos to measure: give a folder of them with --images FOLDER`);
    const model = modelOption(values.model);
    const landmarker = await HandLandmarker.create({ model, threads });
    try {
      console.log(`handflow bench: model ${model}, ${threads} inference thread(s), ${availableParallelism()} cores, Node ${process.version}`);
      await benchVideo(landmarker, video, {}, 'native size');
      await benchVideo(landmarker, video, { fitInto: FITTED }, 'fitted into 640x480');
      await benchCpu(video, { model, threads });
      console.log(`\n${formatImageBench(await benchImages(landmarker, images))}`);
      await benchPipeline(video, { model, threads });
      await benchRealtimeLatency(video, { model, threads });
      await benchAnalyze(images, model);
    } finally {
      await landmarker.close();
    }
    return 0;
  },
};

async function benchVideo(landmarker: HandLandmarker, path: string, options: DecodeVideoOptions, label: string): Promise<void> {
  // Decoding alone first, so its cost is known apart from the models.
  const decode = new SampleSet();
  let last = performance.now();
  for await (const _frame of decodeVideoFrames(path, options)) {
    const now = performance.now();
    decode.add(now - last);
    last = now;
  }

  const stages = new Map<Stage, SampleSet>();
  const sample = (stage: Stage, ms: number) => (stages.get(stage) ?? stages.set(stage, new SampleSet()).get(stage)!).add(ms);
  landmarker.resetTracking();
  const inference = createInferenceEngine();
  let frames = 0;
  let palmRuns = 0;
  let framesWithHands = 0;
  let width = 0;
  let height = 0;
  const started = performance.now();
  for await (const frame of decodeVideoFrames(path, options)) {
    const result = await landmarker.detectForVideo(frame.image, frame.timestampMs);
    ({ width, height } = frame.image);
    frames++;
    if (result.timings.palmModelMs > 0) palmRuns++;
    if (result.handsDetected > 0) framesWithHands++;
    for (const [stage, ms] of Object.entries(result.timings)) sample(stage as Stage, ms);
    sample('total', result.extractionLatencyMs);
    sample('inference', inference.process(result).inferenceLatencyMs);
  }
  const seconds = (performance.now() - started) / 1000;

  console.log(`\nvideo ${path} (${label}: ${width}x${height}, ${frames} frames, hands in ${framesWithHands})`);
  const rows: [string, SampleSet][] = [
    ['decode (ffmpeg, alone)', decode],
    ['preprocess/crop', stages.get('preprocessMs')!],
    ['palm model (when run)', stages.get('palmModelMs')!.filter((ms) => ms > 0)],
    ['landmark model', stages.get('landmarkModelMs')!],
    ['post-processing', stages.get('postprocessMs')!],
    ['engine total per frame', stages.get('total')!],
    ['inference (all classifiers)', stages.get('inference')!],
  ];
  console.log(formatTable(rows));
  const inferenceMs = stages.get('inference')!.percentile(0.5);
  console.log(`inference: ${inferenceMs.toFixed(3)} ms per frame (median) for ${inference.classifiers.length} classifiers with landmark smoothing`);
  console.log(`video mode: ${(frames / seconds).toFixed(1)} fps end to end (decode overlapped), palm detector on ${palmRuns} of ${frames} frames`);
}

/** The most frames the CPU passes hold in memory: 640x480 RGB, about 920 KB each. */
const MAX_HELD_FRAMES = 500;
/** Frames of the unmeasured pass before the CPU passes (bench:compare warms its engines alike). */
const WARM_UP_FRAMES = 25;
/** Rounds of the CPU passes: each engine's CPU is set against the landmark model's in the same round. */
const CPU_ROUNDS = 3;

async function benchCpu(video: string, options: Pick<HandLandmarkerOptions, 'model' | 'threads'>): Promise<void> {
  // Held in memory, so each line times the engine: reading frames from ffmpeg is ingestion's cost, given apart.
  const { frames, readCpuMsPerFrame } = await holdFrames(decodeVideoFrames(video, { fitInto: FITTED }), MAX_HELD_FRAMES);
  console.log(
    `\nCPU per frame, video fitted into 640x480, ${frames.length} frames decoded once and held in memory (a fresh engine per pass, ` +
      `${CPU_ROUNDS} interleaved rounds); reading them from ffmpeg cost this process ${readCpuMsPerFrame.toFixed(2)} ms a frame, not counted below:`,
  );
  // A short pass first, so the first pass measured does not also pay for warming the engine and collecting the reading's garbage.
  await measureEngineCpu(frames.slice(0, WARM_UP_FRAMES), { ...options, maxHands: 2 });
  const configurations = [
    { ...options, maxHands: 2 },
    // What the still-scene rule saves (README, stillScenePalmSearchIntervalMs): the same engine looking every 200 ms.
    { ...options, maxHands: 2, stillScenePalmSearchIntervalMs: 0 },
    { ...options, maxHands: 1 },
  ];
  const rounds: { passes: EngineCpuFigures[]; landmarkModel: ModelRunFigures }[] = [];
  for (let round = 1; round <= CPU_ROUNDS; round++) {
    const passes: EngineCpuFigures[] = [];
    for (const configuration of configurations) passes.push(await measureEngineCpu(frames, configuration));
    rounds.push({ passes, landmarkModel: await measureLandmarkModel(frames, options, passes[0]!.nextRects) });
  }
  const last = rounds.at(-1)!;
  if (last.landmarkModel.runs === 0) {
    // The CPU passes are set against the landmark model's runs, and a video without a hand has none.
    console.log(`no hand was found in ${video}, so the landmark model never ran: give a video with a hand (--video) to measure it`);
    return;
  }
  console.log(`last round: ${formatModelAlone(last.landmarkModel)}`);
  console.log(`last round: ${formatModelAlone(await measurePalmModel(frames, options), 'palm')}`);
  for (const figures of last.passes) console.log(`last round: ${formatEngineCpu(figures)}`);
  last.passes.forEach((figures, index) => {
    const ratios = rounds.map(({ passes, landmarkModel }) => passes[index]!.cpuMsPerFrame / landmarkModel.cpuMsPerRun);
    console.log(formatCpuRatio(figures, ratios));
  });
}
