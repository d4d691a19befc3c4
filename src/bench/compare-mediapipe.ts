import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';

import type { ModelPrecision } from '../extraction/hand-landmarker-options.js';
import { CPU_PER_LANDMARK_TARGET, measureEngineCpu, measureLandmarkModel, type EngineCpuFigures } from '../cli/engine-cpu-bench.js';
import { sharedData } from '../testing/shared-data.js';
import { EngineTally, formatCeiling, formatComparisonTable, formatTargets, type CpuTarget, type PassFigures } from './compare/comparison-table.js';
import { decodeFittedFrames } from './compare/fitted-frames.js';
import { CHROMIUM, MediapipeInChromium, type MediapipePass } from './compare/mediapipe-in-chromium.js';

const VIDEO = 'landmarks-reference/asl_hand.25fps.mp4';
const FRAME = { width: 640, height: 480 };
/** Frames each engine runs once before the rounds, so first-run costs (WebAssembly tiering up, ONNX Runtime's first runs) fall outside them. */
const WARM_UP_FRAMES = 25;

const USAGE = `Usage: npm run bench:compare -- [--rounds N] [--frames N]

handflow against MediaPipe Tasks Vision's WebAssembly build (@mediapipe/tasks-vision, CPU delegate, VIDEO mode,
in headless Chromium at ${CHROMIUM}) on the same frames (../shared/data/${VIDEO} fitted into
${FRAME.width}x${FRAME.height}, decoded once) and the same models (@mediapipe/hands's full models; handflow runs
them converted to ONNX). Each round runs every engine once, in alternating order; the table gives the medians
over the rounds of CPU time per frame (all threads: handflow's process, all of Chromium's processes), wall
frames per second and the hands found, then the issue's targets.

Options:
  --rounds N   rounds (default 5)
  --frames N   the first N frames only (default all 325)`;

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { rounds: { type: 'string' }, frames: { type: 'string' }, help: { type: 'boolean' } } });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const rounds = wholeNumber(values.rounds, 5);
  const limit = wholeNumber(values.frames, Number.POSITIVE_INFINITY);
  if (rounds === undefined || limit === undefined) {
    console.error(`--rounds and --frames take a whole number above 0\n\n${USAGE}`);
    return 2;
  }
  if (!existsSync(CHROMIUM)) {
    console.error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)`);
    return 1;
  }

  const fitted = await decodeFittedFrames(sharedData(VIDEO), FRAME.width, FRAME.height, limit);
  const frames = fitted.frames;
  const mediapipe = await MediapipeInChromium.start(fitted);
  try {
    const trackedPasses = new Map<number, EngineCpuFigures>();
    const handflow = (maxHands: number, precision: ModelPrecision = 'float32') => async (): Promise<PassFigures> => {
      const pass = await measureEngineCpu(frames, { maxHands, precision });
      if (precision === 'float32') trackedPasses.set(maxHands, pass);
      return handflowFigures(pass);
    };
    const mediapipeWith = (numHands: number) => async (): Promise<PassFigures> => mediapipeFigures(await mediapipe.pass(numHands));
    // The landmark model alone, on the crops the one-hand tracker fed it this round: the floor of a tracked frame.
    const landmarkModelAlone = async (): Promise<PassFigures> => {
      const model = await measureLandmarkModel(frames, {}, trackedPasses.get(1)!.nextRects);
      return { cpuMsPerFrame: model.cpuMsPerRun, frames: model.runs };
    };
    const handflowTwo = new EngineTally('handflow video, full model, maxHands 2 (default)');
    const handflowOne = new EngineTally('handflow video, full model, maxHands 1');
    const mediapipeTwo = new EngineTally('MediaPipe Tasks Vision WASM, numHands 2');
    const mediapipeOne = new EngineTally('MediaPipe Tasks Vision WASM, numHands 1');
    const landmarkModel = new EngineTally('ONNX Runtime alone, the landmark model (full), 1 thread');
    // The int8 landmark model (extraction.precision), less accurate: README "Models" says by how much.
    const handflowTwoInt8 = new EngineTally('handflow video, full model int8, maxHands 2');
    const handflowOneInt8 = new EngineTally('handflow video, full model int8, maxHands 1');
    const engines = [
      { tally: handflowTwo, run: handflow(2) },
      { tally: mediapipeTwo, run: mediapipeWith(2) },
      { tally: handflowOne, run: handflow(1) },
      { tally: mediapipeOne, run: mediapipeWith(1) },
      { tally: landmarkModel, run: landmarkModelAlone },
      { tally: handflowTwoInt8, run: handflow(2, 'int8') },
      { tally: handflowOneInt8, run: handflow(1, 'int8') },
    ];
    console.log(`bench:compare: ${frames.length} frames of ${VIDEO} fitted into ${FRAME.width}x${FRAME.height}, ${rounds} rounds`);

    await measureEngineCpu(frames.slice(0, WARM_UP_FRAMES), { maxHands: 2 });
    await mediapipe.pass(2, WARM_UP_FRAMES);
    for (let round = 1; round <= rounds; round++) {
      // Which of each pair goes first alternates, so neither always runs on a machine the other has just warmed.
      const order = round % 2 === 1 ? [0, 1, 2, 3, 4, 5, 6] : [1, 0, 3, 2, 4, 6, 5];
      for (const index of order) engines[index]!.tally.add(await engines[index]!.run());
      console.log(`round ${round}, CPU ms per frame: ${engines.map(({ tally }) => `${tally.label} ${tally.latestCpuMs.toFixed(1)}`).join('; ')}`);
    }

    console.log(`\nMedians of ${rounds} rounds (CPU ms per frame: all threads of handflow's process, all processes of Chromium):\n`);
    console.log(formatComparisonTable([handflowTwo, handflowOne, mediapipeTwo, mediapipeOne, landmarkModel, handflowTwoInt8, handflowOneInt8]));
    const targets: CpuTarget[] = [
      { slower: mediapipeTwo, faster: handflowTwo, times: 6 },
      { slower: mediapipeOne, faster: handflowOne, times: 4 },
      { slower: mediapipeTwo, faster: handflowTwoInt8, times: 6 },
      { slower: mediapipeOne, faster: handflowOneInt8, times: 4 },
    ];
    console.log(`\n${formatTargets(targets)}`);
    console.log(formatCeiling(handflowTwo, landmarkModel, CPU_PER_LANDMARK_TARGET));
  } finally {
    await mediapipe.close();
  }
  return 0;
}

function handflowFigures(pass: EngineCpuFigures): PassFigures {
  return { cpuMsPerFrame: pass.cpuMsPerFrame, wallFps: 1000 / pass.wallMsPerFrame, frames: pass.frames, framesWithHands: pass.framesWithHands, hands: pass.handsFound };
}

function mediapipeFigures(pass: MediapipePass): PassFigures {
  return { cpuMsPerFrame: pass.cpuMs / pass.frames, wallFps: (1000 * pass.frames) / pass.wallMs, frames: pass.frames, framesWithHands: pass.framesWithHands, hands: pass.hands };
}

/** A whole number above 0 from an option, `fallback` when it is not given, undefined when it is not one. */
function wholeNumber(text: string | undefined, fallback: number): number | undefined {
  if (text === undefined) return fallback;
  const value = Number(text);
  return Number.isInteger(value) && value > 0 ? value : undefined;
}

process.exitCode = await main(process.argv.slice(2));
