/**
 * `npm run bench:batch`: does running several hands' crops through the landmark model in one batch cost less per
 * crop than one run each, on this CPU? Converts the full landmark model with a dynamic batch, checks that a
 * batch gives the same outputs as single runs on real frames, then times batches of 1, 2 and 4 in interleaved
 * rounds (ONNX Runtime, one thread, as the engine runs it).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { performance } from 'node:perf_hooks';

import ort from '../models/onnx-runtime.js';
import sharp from 'sharp';

import { createSession } from '../extraction/onnx-model.js';
import { decodeVideoFrames } from '../ingestion/video-decoder.js';
import { convertTfliteToOnnx } from '../models/convert/tflite-to-onnx.js';
import { repoRoot, sharedData } from '../testing/shared-data.js';
import { median } from '../cli/statistics.js';

const SIZE = 224;
const BATCHES = [1, 2, 4] as const;
const ROUNDS = 7;
const RUNS_PER_ROUND = 40;

/** Real 224x224 inputs: frames of the ASL clip squeezed to the model's size, scaled to 0-1 as the engine does. */
async function realInputs(count: number): Promise<Float32Array[]> {
  const inputs: Float32Array[] = [];
  for await (const frame of decodeVideoFrames(sharedData('landmarks-reference/asl_hand.25fps.mp4'))) {
    if (frame.index % 20 !== 0) continue;
    const { data } = await sharp(frame.image.data, { raw: { width: frame.image.width, height: frame.image.height, channels: 3 } }).resize(SIZE, SIZE, { fit: 'fill' }).raw().toBuffer({ resolveWithObject: true });
    inputs.push(Float32Array.from(data, (value) => value / 255));
    if (inputs.length === count) break;
  }
  return inputs;
}

function batchTensor(inputs: readonly Float32Array[]): ort.Tensor {
  const data = new Float32Array(inputs.length * SIZE * SIZE * 3);
  inputs.forEach((input, index) => data.set(input, index * input.length));
  return new ort.Tensor('float32', data, [inputs.length, SIZE, SIZE, 3]);
}

async function main(): Promise<void> {
  const tflite = readFileSync(join(repoRoot, 'node_modules', '@mediapipe', 'hands', 'hand_landmark_full.tflite'));
  const path = join(tmpdir(), 'handflow-hand-landmark-full-batch.onnx');
  writeFileSync(path, convertTfliteToOnnx(new Uint8Array(tflite), 'hand_landmark_full', { dynamicBatch: true }));
  const session = await createSession(path, 'hand_landmark_full (dynamic batch)', 1);
  const inputs = await realInputs(4);

  // A batch must give each crop what a run of its own gives.
  const single = await Promise.all(inputs.map(async (input) => (await session.run({ [session.inputNames[0]!]: batchTensor([input]) }))[session.outputNames[0]!]!.data as Float32Array));
  const batched = (await session.run({ [session.inputNames[0]!]: batchTensor(inputs) }))[session.outputNames[0]!]!.data as Float32Array;
  const perCrop = single[0]!.length;
  const largest = Math.max(...single.flatMap((values, crop) => [...values].map((value, index) => Math.abs(value - batched[crop * perCrop + index]!))));
  console.log(`a batch of ${inputs.length} against single runs: largest difference in the landmarks ${largest.toExponential(2)} px (of 224)`);

  const msPerCrop = new Map<number, number[]>(BATCHES.map((batch) => [batch, []]));
  const cpuPerCrop = new Map<number, number[]>(BATCHES.map((batch) => [batch, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const batch of BATCHES) {
      const tensor = batchTensor(inputs.slice(0, batch));
      const cpuBefore = process.cpuUsage();
      const started = performance.now();
      for (let run = 0; run < RUNS_PER_ROUND; run++) await session.run({ [session.inputNames[0]!]: tensor });
      const elapsed = performance.now() - started;
      const cpu = process.cpuUsage(cpuBefore);
      msPerCrop.get(batch)!.push(elapsed / (RUNS_PER_ROUND * batch));
      cpuPerCrop.get(batch)!.push((cpu.user + cpu.system) / 1000 / (RUNS_PER_ROUND * batch));
    }
  }
  const baseline = median(msPerCrop.get(1)!);
  console.log(`\nLandmark model (full), ONNX Runtime 1 thread, medians of ${ROUNDS} interleaved rounds of ${RUNS_PER_ROUND} runs:\n`);
  console.log('| batch | wall ms a crop | CPU ms a crop | against one crop a run |');
  console.log('|---|---|---|---|');
  for (const batch of BATCHES) {
    const wall = median(msPerCrop.get(batch)!);
    console.log(`| ${batch} | ${wall.toFixed(2)} | ${median(cpuPerCrop.get(batch)!).toFixed(2)} | ${(wall / baseline).toFixed(2)}x |`);
  }
  await session.release();
}

await main();
