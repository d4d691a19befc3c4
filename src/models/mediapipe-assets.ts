import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The MediaPipe Hands models handflow uses, all shipped by the npm package `@mediapipe/hands`. */
export type MediapipeModelName = 'palm_detection_full' | 'palm_detection_lite' | 'hand_landmark_full' | 'hand_landmark_lite';

export const MEDIAPIPE_MODEL_NAMES: readonly MediapipeModelName[] = [
  'palm_detection_full',
  'palm_detection_lite',
  'hand_landmark_full',
  'hand_landmark_lite',
];

const PACKED_ASSETS = 'hands_solution_packed_assets.data';
const PACKED_ASSETS_LOADER = 'hands_solution_packed_assets_loader.js';

export function mediapipeHandsDirectory(): string {
  return dirname(createRequire(import.meta.url).resolve('@mediapipe/hands/package.json'));
}

/**
 * The `.tflite` bytes of a model. The landmark models are plain files in the package; the palm detectors
 * live inside an Emscripten packed-file blob whose loader script lists each file's byte range.
 */
export async function readMediapipeModel(name: MediapipeModelName): Promise<Uint8Array> {
  const directory = mediapipeHandsDirectory();
  if (name.startsWith('hand_landmark')) return new Uint8Array(await readFile(join(directory, `${name}.tflite`)));
  const loader = await readFile(join(directory, PACKED_ASSETS_LOADER), 'utf8');
  const range = packedFileRange(loader, `${name}.tflite`);
  const packed = await readFile(join(directory, PACKED_ASSETS));
  if (range.end > packed.length) throw new Error(`${PACKED_ASSETS} is shorter than its loader says: reinstall @mediapipe/hands`);
  return new Uint8Array(packed.subarray(range.start, range.end));
}

/** Finds `{"filename": ".../NAME", "start": S, "end": E}` in the packed-assets loader script. */
export function packedFileRange(loaderScript: string, fileName: string): { start: number; end: number } {
  const entry = /"filename":\s*"([^"]+)",\s*"start":\s*(\d+),\s*"end":\s*(\d+)/g;
  for (const match of loaderScript.matchAll(entry)) {
    if (match[1]!.endsWith(`/${fileName}`)) return { start: Number(match[2]), end: Number(match[3]) };
  }
  throw new Error(`${fileName} is not listed in ${PACKED_ASSETS_LOADER}: the @mediapipe/hands version is not the expected one`);
}
