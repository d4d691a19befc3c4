import { cropToImageAffine } from './rect-affine.js';
import { rotateVector } from './rotation.js';
import type { RotatedRect } from './types.js';

/** hand_landmark_cpu.pbtxt's TensorsToLandmarksCalculator normalize_z: the model's z is 2.5x too small. */
export const HAND_LANDMARK_NORMALIZE_Z = 0.4;

function checkBuffers(raw: Float32Array, out: Float32Array): void {
  if (raw.length % 3 !== 0) throw new RangeError(`landmarks come as x, y, z triples; got ${raw.length} values`);
  if (out.length < raw.length) throw new RangeError(`output holds ${out.length} values, need ${raw.length}`);
}

/**
 * Landmarks from the model's crop to the source image. Ports TensorsToLandmarksCalculator (divide by the
 * input size, z also by normalizeZ) and LandmarkProjectionCalculator (recentre, turn by the rect rotation,
 * scale by the rect, add its centre; z scales with the rect width). `raw` is x, y, z triples in input-pixel
 * units; the result is x, y in source pixels (edge convention, as RotatedRect) and z in source pixels too,
 * negative towards the camera, relative to the wrist.
 *
 * Scaling happens before turning, which is exact for any rect; MediaPipe turns normalised values first,
 * which agrees because its hand rects are square in pixels. Pass `out` (it may be `raw`) to reuse a buffer
 * across frames.
 */
export function projectLandmarks(
  raw: Float32Array,
  inputSize: number,
  rect: RotatedRect,
  out: Float32Array = new Float32Array(raw.length),
  normalizeZ = HAND_LANDMARK_NORMALIZE_Z,
): Float32Array {
  checkBuffers(raw, out);
  const m = cropToImageAffine(rect, inputSize, inputSize);
  const zScale = rect.width / inputSize / normalizeZ;
  for (let i = 0; i < raw.length; i += 3) {
    const x = raw[i];
    const y = raw[i + 1];
    out[i] = m[0] * x + m[1] * y + m[2];
    out[i + 1] = m[3] * x + m[4] * y + m[5];
    out[i + 2] = raw[i + 2] * zScale;
  }
  return out;
}

/**
 * Ports WorldLandmarkProjectionCalculator: the model's metric landmarks (x, y, z triples in metres, origin
 * near the hand's centre) turned by the crop's rotation so they are upright in the image's frame; z unchanged.
 * Pass `out` (it may be `raw`) to reuse a buffer across frames.
 */
export function projectWorldLandmarks(
  raw: Float32Array,
  rotation: number,
  out: Float32Array = new Float32Array(raw.length),
): Float32Array {
  checkBuffers(raw, out);
  for (let i = 0; i < raw.length; i += 3) {
    const turned = rotateVector(raw[i], raw[i + 1], rotation);
    out[i] = turned.x;
    out[i + 1] = turned.y;
    out[i + 2] = raw[i + 2];
  }
  return out;
}
