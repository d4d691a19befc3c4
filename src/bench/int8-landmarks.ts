/**
 * `npm run bench:int8`: the int8 landmark model against the float one, on what issue 13 asks of it: landmark
 * error on asl_hand.25fps.mp4 against MediaPipe's reference, finger count on the 400 shared photos, and the
 * model's own time on the clip's real crops, in interleaved rounds.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { promisify } from 'node:util';

import ort from '../models/onnx-runtime.js';

import { handLandmarksToRect } from '../extraction/geometry/landmarks-to-rect.js';
import type { RotatedRect } from '../extraction/geometry/types.js';
import { HandLandmarker } from '../extraction/hand-landmarker.js';
import type { ModelPrecision } from '../extraction/hand-landmarker-options.js';
import { LANDMARK_INPUT_SIZE, writeLandmarkInput } from '../extraction/landmark-model.js';
import { createSession } from '../extraction/onnx-model.js';
import { decodeVideoFrames } from '../ingestion/video-decoder.js';
import { ensureOnnxModel } from '../models/model-store.js';
import { repoRoot, sharedData } from '../testing/shared-data.js';
import { median } from '../cli/statistics.js';

const VIDEO = sharedData('landmarks-reference/asl_hand.25fps.mp4');
const PRECISIONS: readonly ModelPrecision[] = ['float32', 'int8'];
/** Upstream's video test allows 22 px per coordinate. */
const TOLERANCE_PX = 22;
const ROUNDS = 5;

/** Landmark error on the ASL clip against MediaPipe's own landmarks, and the crops the tracker used. */
async function landmarkError(precision: ModelPrecision): Promise<{ medianPx: number; withinTolerance: number; frames: number; crops: Float32Array[] }> {
  const reference = JSON.parse(readFileSync(sharedData('landmarks-reference/asl_hand.full.json'), 'utf8')) as [number, number][][];
  const landmarker = await HandLandmarker.create({ precision });
  const errors: number[] = [];
  const crops: Float32Array[] = [];
  let within = 0;
  let frames = 0;
  let previous: RotatedRect | undefined;
  try {
    for await (const frame of decodeVideoFrames(VIDEO)) {
      const hand = (await landmarker.detectForVideo(frame.image, frame.timestampMs)).hands[0];
      frames++;
      if (previous !== undefined) {
        const crop = new Float32Array(LANDMARK_INPUT_SIZE * LANDMARK_INPUT_SIZE * 3);
        writeLandmarkInput(frame.image, previous, crop);
        crops.push(crop);
      }
      if (hand === undefined) continue;
      previous = handLandmarksToRect(hand.landmarks.map((point) => ({ x: point.pixelX, y: point.pixelY })));
      const golden = reference[frame.index]!;
      let ok = true;
      hand.landmarks.forEach((point, index) => {
        const [x, y] = golden[index]!;
        errors.push(Math.hypot(point.pixelX - x, point.pixelY - y));
        if (Math.abs(point.pixelX - x) > TOLERANCE_PX || Math.abs(point.pixelY - y) > TOLERANCE_PX) ok = false;
      });
      if (ok) within++;
    }
  } finally {
    await landmarker.close();
  }
  return { medianPx: median(errors), withinTolerance: within / frames, frames, crops };
}

/** The share of the 400 finger-count photos counted exactly, through `handflow analyze`. */
async function fingerCount(precision: ModelPrecision): Promise<number> {
  const folders = ['testing_set', 'validation_set'].flatMap((split) => [1, 2, 3, 4, 5].map((count) => sharedData(`finger-count-epsrc/${split}/${count}`)));
  const { stdout } = await promisify(execFile)(process.execPath, [join(repoRoot, 'bin', 'handflow.js'), 'analyze', '--json', '--precision', precision, ...folders], { maxBuffer: 256 * 1024 * 1024 });
  const records = stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as { source: string; finger_count: number | null });
  return records.filter((record) => Number(record.source.split(sep).at(-2)) === record.finger_count).length / records.length;
}

/** The model alone on the clip's crops: ONNX Runtime time per run, medians of interleaved rounds. */
async function modelTimes(crops: readonly Float32Array[]): Promise<Map<ModelPrecision, number>> {
  const sessions = new Map<ModelPrecision, ort.InferenceSession>();
  for (const precision of PRECISIONS) sessions.set(precision, await createSession(await ensureOnnxModel('hand_landmark_full', undefined, precision), `hand_landmark_full ${precision}`, 1));
  const times = new Map<ModelPrecision, number[]>(PRECISIONS.map((precision) => [precision, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const precision of round % 2 === 0 ? PRECISIONS : [...PRECISIONS].reverse()) {
      const session = sessions.get(precision)!;
      const started = performance.now();
      for (const crop of crops) await session.run({ [session.inputNames[0]!]: new ort.Tensor('float32', crop, [1, LANDMARK_INPUT_SIZE, LANDMARK_INPUT_SIZE, 3]) });
      times.get(precision)!.push((performance.now() - started) / crops.length);
    }
  }
  for (const session of sessions.values()) await session.release();
  return new Map(PRECISIONS.map((precision) => [precision, median(times.get(precision)!)]));
}

async function main(): Promise<void> {
  const errors = new Map<ModelPrecision, Awaited<ReturnType<typeof landmarkError>>>();
  const counts = new Map<ModelPrecision, number>();
  for (const precision of PRECISIONS) {
    errors.set(precision, await landmarkError(precision));
    counts.set(precision, await fingerCount(precision));
  }
  const times = await modelTimes(errors.get('float32')!.crops);
  console.log(`\nhand_landmark_full, float32 against int8 (asl_hand.25fps.mp4 against MediaPipe's landmarks; 400 finger-count photos; model time on ${errors.get('float32')!.crops.length} crops, medians of ${ROUNDS} interleaved rounds)\n`);
  console.log('| precision | median landmark error | frames within 22 px | finger count exact | model ms a run |');
  console.log('|---|---|---|---|---|');
  for (const precision of PRECISIONS) {
    const { medianPx, withinTolerance } = errors.get(precision)!;
    console.log(`| ${precision} | ${medianPx.toFixed(2)} px | ${(withinTolerance * 100).toFixed(1)}% | ${(counts.get(precision)! * 100).toFixed(1)}% | ${times.get(precision)!.toFixed(2)} |`);
  }
  const [float, int8] = [errors.get('float32')!, errors.get('int8')!];
  const checks = [
    [`median error within 0.3 px of float's (${(int8.medianPx - float.medianPx).toFixed(2)} px)`, int8.medianPx - float.medianPx <= 0.3],
    [`99% of frames within 22 px (${(int8.withinTolerance * 100).toFixed(1)}%)`, int8.withinTolerance >= 0.99],
    [`finger count within 1 point (${((counts.get('int8')! - counts.get('float32')!) * 100).toFixed(1)} points)`, counts.get('float32')! - counts.get('int8')! <= 0.01],
    [`model time at least 1.5x lower (${(times.get('float32')! / times.get('int8')!).toFixed(2)}x)`, times.get('float32')! / times.get('int8')! >= 1.5],
  ] as const;
  for (const [check, holds] of checks) console.log(`${holds ? 'holds' : 'FAILS'}: ${check}`);
}

await main();
