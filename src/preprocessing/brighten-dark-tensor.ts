import type { RgbImage } from '../core/image.js';

/**
 * A model input whose mean value (0-1) is below this is brightened. The finger-count photos' hand crops average
 * 0.31-0.43; at a quarter of their brightness they average about 0.09, where the landmark model misreads which
 * fingers are up (88.5% of those photos counted right, against 97% in full light).
 */
export const DARK_MEAN = 0.2;
/** A dark input is brightened until its mean is about this: the middle of ordinary, well-lit crops. */
const TARGET_MEAN = 0.35;
/** The share of values that may end above the gain's white point: the brightest 1% are allowed to clip. */
const WHITE_POINT_SHARE = 0.99;
/** A tensor's mean is taken over every this-many-th value: enough for a mean, and nothing on the path of every frame. */
const TENSOR_SAMPLE_STRIDE = 7;
/** An image's over every this-many-th byte (prime to its 3 channels): a 640x480 image gives 30,000 samples. */
const IMAGE_SAMPLE_STRIDE = 31;
const LEVELS = 256;

/**
 * The gain a longer exposure would give a dark input: the one that takes its mean to TARGET_MEAN, but no further
 * than puts its brightest 1% at white, so that a dim hand regains its contrast and no detail is lost to clipping.
 * 1 for an input whose mean is at or above DARK_MEAN, or black. `values` are read every `stride`-th, as
 * `value * scale` (0-1).
 */
export function darkExposureGain(values: ArrayLike<number>, length: number, stride: number, scale = 1): number {
  let sum = 0;
  let samples = 0;
  for (let i = 0; i < length; i += stride) {
    sum += values[i]!;
    samples++;
  }
  const mean = samples === 0 ? 0 : (sum * scale) / samples;
  // A black input (mean 0) has nothing to lift; a lit one needs nothing, and its histogram is never taken.
  if (!(mean > 0 && mean < DARK_MEAN)) return 1;
  return Math.max(1, Math.min(TARGET_MEAN / mean, 1 / whitePoint(values, length, stride, scale)));
}

/** The dark-exposure gain of a whole image (bytes 0-255): one gain for every view of it the palm detector takes. */
export function darkImageGain(image: RgbImage): number {
  return darkExposureGain(image.data, image.data.length, IMAGE_SAMPLE_STRIDE, 1 / 255);
}

/** Multiplies the first `length` values (0-1) by `gain`, clipping at 1. */
export function applyGain(tensor: Float32Array, gain: number, length = tensor.length): void {
  if (gain === 1) return;
  for (let i = 0; i < length; i++) tensor[i] = Math.min(1, tensor[i]! * gain);
}

/**
 * Brightens a dark model input in place (values 0-1) by its darkExposureGain. Inputs at or above DARK_MEAN are
 * left as they are. Returns the gain applied (1: none).
 */
export function brightenDarkTensor(tensor: Float32Array, length = tensor.length): number {
  const gain = darkExposureGain(tensor, length, TENSOR_SAMPLE_STRIDE);
  applyGain(tensor, gain, length);
  return gain;
}

/** The level below which WHITE_POINT_SHARE of the sampled values lie, rounded up to a 1/256 step. */
function whitePoint(values: ArrayLike<number>, length: number, stride: number, scale: number): number {
  const histogram = new Uint32Array(LEVELS);
  let samples = 0;
  for (let i = 0; i < length; i += stride) {
    histogram[Math.min(LEVELS - 1, Math.max(0, Math.floor(values[i]! * scale * LEVELS)))]!++;
    samples++;
  }
  let below = 0;
  for (let level = 0; level < LEVELS; level++) {
    below += histogram[level]!;
    if (below >= WHITE_POINT_SHARE * samples) return (level + 1) / LEVELS;
  }
  return 1;
}
