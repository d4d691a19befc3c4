import { createHash } from 'node:crypto';
import type { Stats } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HandflowError, errorMessage } from '../core/errors.js';
import { distrustReason } from '../core/file-owner.js';
import { writeWholeFile } from '../core/write-whole-file.js';
import { HAND_LANDMARK_FULL_RANGES } from './calibration/hand-landmark-full-ranges.js';
import type { ActivationRange } from './convert/quantize-qdq.js';
import { convertTfliteToOnnx } from './convert/tflite-to-onnx.js';
import { readMediapipeModel, type MediapipeModelName } from './mediapipe-assets.js';

/** Bump when the converter's output changes, so cached conversions are redone. */
const CONVERTER_VERSION = 3;

/** Where converted models are kept: `HANDFLOW_MODEL_DIR`, else `.cache/models` in the package folder. */
export function modelCacheDirectory(): string {
  const configured = process.env.HANDFLOW_MODEL_DIR;
  if (configured) return resolve(configured);
  const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  return join(packageRoot, '.cache', 'models');
}

/**
 * The path of the ONNX form of a MediaPipe model, converting it on first use. The file name carries a hash
 * of the source model and the converter version, so an upgraded package or converter never reads a stale file.
 */
export async function ensureOnnxModel(name: MediapipeModelName, cacheDirectory = modelCacheDirectory(), precision: 'float32' | 'int8' = 'float32'): Promise<string> {
  const ranges = precision === 'int8' ? calibratedRanges(name) : undefined;
  let tflite: Uint8Array;
  try {
    tflite = await readMediapipeModel(name);
  } catch (error) {
    throw new HandflowError(
      'MODEL_LOAD_FAILED',
      `cannot read the ${name} model from the @mediapipe/hands package (${errorMessage(error)}); run "npm install" again`,
      { cause: error },
    );
  }
  const hash = createHash('sha256').update(tflite).update(`converter-${CONVERTER_VERSION}`);
  if (ranges !== undefined) hash.update(JSON.stringify([...ranges]));
  const digest = hash.digest('hex').slice(0, 12);
  const stem = `${name}${ranges === undefined ? '' : '.int8'}`;
  const target = join(cacheDirectory, `${stem}.${digest}.onnx`);
  const cached = await stat(target).catch(() => undefined);
  if (cached !== undefined) {
    await refuseUntrustedCache(cacheDirectory, target, cached);
    return target;
  }
  let onnx: Uint8Array;
  try {
    onnx = convertTfliteToOnnx(tflite, name, ranges === undefined ? {} : { quantize: ranges });
  } catch (error) {
    throw new HandflowError('MODEL_CONVERSION_FAILED', `converting ${name} to ONNX failed: ${errorMessage(error)}`, { cause: error });
  }
  try {
    await mkdir(cacheDirectory, { recursive: true });
    // A concurrent reader never sees half a file. A model holds no secret, and a cache prepared by one user
    // (a global install's `models prepare`) is read by others: created as any file is, under the umask.
    await writeWholeFile(target, onnx, { newFileMode: 0o666 });
  } catch (error) {
    throw new HandflowError(
      'MODEL_CONVERSION_FAILED',
      `cannot write the converted model to ${cacheDirectory} (${errorMessage(error)}); set HANDFLOW_MODEL_DIR to a writable folder`,
      { cause: error },
    );
  }
  await removeStaleConversions(cacheDirectory, stem, target);
  return target;
}

/** The calibrated activation ranges of a model's int8 form. @throws HandflowError INVALID_OPTION for a model without them */
function calibratedRanges(name: MediapipeModelName): ReadonlyMap<string, ActivationRange> {
  if (name === 'hand_landmark_full') return HAND_LANDMARK_FULL_RANGES;
  throw new HandflowError('INVALID_OPTION', `precision int8 is calibrated for the full landmark model only, not ${name}: use model "full", or precision "float32"`);
}

/**
 * Removes the conversions of the same model and precision that an earlier package or converter made (a
 * different digest), which nothing reads any more. A process that loaded one already keeps its copy in memory.
 */
async function removeStaleConversions(cacheDirectory: string, stem: string, kept: string): Promise<void> {
  const stale = new RegExp(`^${stem.replace(/\./g, '\\.')}\\.[0-9a-f]{12}\\.onnx$`);
  const names = await readdir(cacheDirectory).catch(() => []);
  await Promise.all(
    names
      .filter((file) => stale.test(file) && join(cacheDirectory, file) !== kept)
      .map((file) => rm(join(cacheDirectory, file), { force: true }).catch(() => undefined)),
  );
}

/**
 * A converted model's name is known to anyone (a hash of the public source), so in a folder others can write to it
 * could be theirs: a model of their making would decide where hands are, and so which gestures set off actions.
 * A conversion is used only when it is this user's or root's (a global install's), and no one else could have
 * written or replaced it.
 *
 * @throws HandflowError MODEL_LOAD_FAILED naming the file or folder and why
 */
async function refuseUntrustedCache(cacheDirectory: string, target: string, cached: Stats): Promise<void> {
  const folder = await stat(cacheDirectory);
  const replaceable = (folder.mode & 0o002) !== 0 && (folder.mode & 0o1000) === 0 ? 'any user may replace the files in its folder' : undefined;
  const why = distrustReason(cached) ?? replaceable;
  if (why === undefined) return;
  throw new HandflowError('MODEL_LOAD_FAILED', `the converted model ${target} is not trusted: ${why}. Set HANDFLOW_MODEL_DIR to a folder of your own: models are converted there on first use`);
}
