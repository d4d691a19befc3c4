/**
 * `npm run calibrate:landmarks`: measures the range of every activation the int8 landmark model quantizes, on
 * real hand crops from ../shared/data (not the clip or the photos the accuracy is checked on), and writes them
 * to src/models/calibration/hand-landmark-ranges.ts. Run it again after changing the converter or the crops.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

import ort from '../models/onnx-runtime.js';

import type { RgbImage } from '../core/image.js';
import { handLandmarksToRect } from '../extraction/geometry/landmarks-to-rect.js';
import { HandLandmarker } from '../extraction/hand-landmarker.js';
import { LANDMARK_INPUT_SIZE, writeLandmarkInput } from '../extraction/landmark-model.js';
import { createSession } from '../extraction/onnx-model.js';
import { decodeImageFile } from '../ingestion/image-decoder.js';
import { decodeVideoFrames } from '../ingestion/video-decoder.js';
import type { LandmarkModelVariant } from '../extraction/hand-landmarker-options.js';
import { readMediapipeModel } from '../models/mediapipe-assets.js';
import { convertTfliteToOnnx } from '../models/convert/tflite-to-onnx.js';
import { repoRoot, sharedData } from '../testing/shared-data.js';

/** Every this many frames of a video gives crops: neighbouring frames add little. */
const FRAME_STEP = 3;
/** Every this many values of an activation is kept for its percentiles (all of them would not fit in memory). */
const SAMPLE_STRIDE = 61;
/**
 * The share of an activation's values its range covers, from each end: a few extreme values would otherwise
 * stretch the range and coarsen the steps for all the others.
 */
const COVERED = 0.99999;

/** Sources of calibration crops: videos and photos that the accuracy checks do not use. */
function calibrationSources(): { videos: string[]; photos: string[] } {
  const natural = sharedData('natural-motion');
  const videos = [
    ...readdirSync(natural).filter((name) => name.endsWith('.mp4')).map((name) => join(natural, name)),
    sharedData('mediapipe-samples/open_hand_video.mp4'),
    sharedData('mediapipe-samples/thumb_up_video.mp4'),
  ];
  const tiles = sharedData('hagrid-tiles');
  return { videos, photos: readdirSync(tiles).filter((name) => name.endsWith('.png')).map((name) => join(tiles, name)) };
}

/** The landmark model's inputs for the hands the engine finds in an image. */
async function cropsOf(landmarker: HandLandmarker, image: RgbImage, timestampMs?: number): Promise<Float32Array[]> {
  const result = timestampMs === undefined ? await landmarker.detect(image) : await landmarker.detectForVideo(image, timestampMs);
  return result.hands.map((hand) => {
    const tensor = new Float32Array(LANDMARK_INPUT_SIZE * LANDMARK_INPUT_SIZE * 3);
    writeLandmarkInput(image, handLandmarksToRect(hand.landmarks.map((point) => ({ x: point.pixelX, y: point.pixelY }))), tensor);
    return tensor;
  });
}

async function main(variant: LandmarkModelVariant): Promise<void> {
  const name = `hand_landmark_${variant}` as const;
  const { videos, photos } = calibrationSources();
  const crops: Float32Array[] = [];
  const landmarker = await HandLandmarker.create({ model: variant });
  try {
    for (const video of videos) {
      landmarker.resetTracking();
      for await (const frame of decodeVideoFrames(video)) if (frame.index % FRAME_STEP === 0) crops.push(...(await cropsOf(landmarker, frame.image, frame.timestampMs)));
    }
    for (const photo of photos) crops.push(...(await cropsOf(landmarker, await decodeImageFile(photo))));
  } finally {
    await landmarker.close();
  }

  const path = join(tmpdir(), `handflow-${name}-calibration.onnx`);
  writeFileSync(path, convertTfliteToOnnx(await readMediapipeModel(name), name, { exposeActivations: true }));
  const session = await createSession(path, `${name} (calibration)`, 1);
  const samples = new Map<string, number[]>();
  for (const crop of crops) {
    const outputs = await session.run({ [session.inputNames[0]!]: new ort.Tensor('float32', crop, [1, LANDMARK_INPUT_SIZE, LANDMARK_INPUT_SIZE, 3]) });
    for (const output of session.outputNames.slice(4)) {
      const values = outputs[output]!.data as Float32Array;
      const kept = samples.get(output) ?? samples.set(output, []).get(output)!;
      for (let index = crops.indexOf(crop) % SAMPLE_STRIDE; index < values.length; index += SAMPLE_STRIDE) kept.push(values[index]!);
    }
  }
  await session.release();
  const ranges = new Map<string, [number, number]>();
  for (const [output, values] of samples) {
    const sorted = Float32Array.from(values).sort();
    const at = (share: number): number => sorted[Math.min(sorted.length - 1, Math.floor(share * (sorted.length - 1)))]!;
    ranges.set(output, [at(1 - COVERED), at(COVERED)]);
  }

  const target = join(repoRoot, 'src', 'models', 'calibration', `${name.replace(/_/g, '-')}-ranges.ts`);
  const entries = [...ranges].map(([tensor, [low, high]]) => `  [${JSON.stringify(tensor)}, { min: ${low}, max: ${high} }],`).join('\n');
  writeFileSync(
    target,
    `// Generated by \`npm run calibrate:landmarks\` (src/bench/calibrate-landmark-model.ts) from ${crops.length} hand crops of\n` +
      `// ${videos.length} videos and ${photos.length} photos of ../shared/data; each range leaves out the ${((1 - COVERED) * 100).toPrecision(1)}% most\n` +
      `// extreme values at each end. Do not edit: run it again.\n\n` +
      `import type { ActivationRange } from '../convert/quantize-qdq.js';\n\n` +
      `/** The range of each activation the int8 ${name} quantizes, on real hand crops. */\n` +
      `export const ${name.toUpperCase()}_RANGES: ReadonlyMap<string, ActivationRange> = new Map([\n${entries}\n]);\n`,
  );
  console.log(`${name}: ${ranges.size} activations calibrated on ${crops.length} crops; written to ${target}`);
}

await main('full');
