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
/**
 * A dark input whose median, once multiplied up to its white point, is still below this has its shadows crushed
 * (an underexposed camera's gamma, a dim room's contrast): its values are raised to the power that brings the
 * median here, lifting shadows more than highlights, as a gain alone cannot. Chosen on the finger-count photos
 * (npm run bench:robustness -- --only darkened): through gamma 2.5, 0.25 counted 88.5% right, 0.4 90.0%, 0.55
 * 93.5%, 0.7 93.0%; at a quarter of the brightness 0.55 keeps 98.5% and 0.7 falls to 96.5%.
 */
const SHADOW_MEDIAN = 0.55;
/**
 * The strongest lift, a cube root, so a near-black input's noise does not become its content. Between 0.33 and
 * 0.5 the photos through gamma 2.5 counted alike (93.0-93.5%): the lift need not undo the darkening exactly.
 */
const MIN_GAMMA = 1 / 3;
/** A tensor's values are read every this-many-th: enough for a mean, and nothing on the path of every frame. */
const TENSOR_SAMPLE_STRIDE = 7;
/** An image's over every this-many-th byte (prime to its 3 channels): a 640x480 image gives 30,000 samples. */
const IMAGE_SAMPLE_STRIDE = 31;
const LEVELS = 256;
/** Steps of the lookup table a tone curve is applied through: finer than the bytes the inputs come from. */
const CURVE_STEPS = 1024;
/** The curve's table, filled afresh for each dark input: one allocation per thread rather than one per frame. */
const toneCurve = new Float32Array(CURVE_STEPS + 1);

/** How a dark input is brightened: each value (0-1) becomes min(1, value * gain) ** gamma. */
export interface DarkExposure {
  gain: number;
  gamma: number;
}

export const UNCHANGED_EXPOSURE: DarkExposure = Object.freeze({ gain: 1, gamma: 1 });

/**
 * What a longer exposure would do to a dark input: the gain that takes its mean to TARGET_MEAN, but no further
 * than puts its brightest 1% at white, so that a dim hand regains its contrast and no detail is lost to clipping;
 * then, where the shadows are still crushed, the gamma that lifts its median to SHADOW_MEDIAN. Unchanged for an
 * input whose mean is at or above DARK_MEAN, or black. `values` are read every `stride`-th, as `value * scale` (0-1).
 */
export function darkExposure(values: ArrayLike<number>, length: number, stride: number, scale = 1): DarkExposure {
  let sum = 0;
  let samples = 0;
  for (let i = 0; i < length; i += stride) {
    sum += values[i]!;
    samples++;
  }
  const mean = samples === 0 ? 0 : (sum * scale) / samples;
  // A black input (mean 0) has nothing to lift; a lit one needs nothing, and its histogram is never taken.
  if (!(mean > 0 && mean < DARK_MEAN)) return UNCHANGED_EXPOSURE;
  const { whitePoint, median } = levels(values, length, stride, scale);
  const gain = Math.max(1, Math.min(TARGET_MEAN / mean, 1 / whitePoint));
  const liftedMedian = Math.min(1, median * gain);
  const gamma = liftedMedian < SHADOW_MEDIAN ? Math.max(MIN_GAMMA, Math.log(SHADOW_MEDIAN) / Math.log(liftedMedian)) : 1;
  return { gain, gamma };
}

/** The dark exposure of a whole image (bytes 0-255): one exposure for every view of it the palm detector takes. */
export function darkImageExposure(image: RgbImage): DarkExposure {
  return darkExposure(image.data, image.data.length, IMAGE_SAMPLE_STRIDE, 1 / 255);
}

/** Brightens the first `length` values (0-1) by `exposure`, clipping at 1. */
export function applyExposure(tensor: Float32Array, exposure: DarkExposure, length = tensor.length): void {
  const { gain, gamma } = exposure;
  if (gamma === 1) {
    if (gain === 1) return;
    for (let i = 0; i < length; i++) tensor[i] = Math.min(1, tensor[i]! * gain);
    return;
  }
  const curve = toneCurve;
  for (let step = 0; step <= CURVE_STEPS; step++) curve[step] = Math.min(1, (step / CURVE_STEPS) * gain) ** gamma;
  for (let i = 0; i < length; i++) tensor[i] = curve[Math.round(Math.min(1, Math.max(0, tensor[i]!)) * CURVE_STEPS)]!;
}

/**
 * Brightens a dark model input in place (values 0-1) by its darkExposure. Inputs at or above DARK_MEAN are
 * left as they are. Returns the exposure applied.
 */
export function brightenDarkTensor(tensor: Float32Array, length = tensor.length): DarkExposure {
  const exposure = darkExposure(tensor, length, TENSOR_SAMPLE_STRIDE);
  applyExposure(tensor, exposure, length);
  return exposure;
}

/**
 * The level below which WHITE_POINT_SHARE of the sampled values lie, rounded up to a 1/256 step, and the median,
 * the middle of its 1/256 step.
 */
function levels(values: ArrayLike<number>, length: number, stride: number, scale: number): { whitePoint: number; median: number } {
  const histogram = new Uint32Array(LEVELS);
  let samples = 0;
  for (let i = 0; i < length; i += stride) {
    histogram[Math.min(LEVELS - 1, Math.max(0, Math.floor(values[i]! * scale * LEVELS)))]!++;
    samples++;
  }
  let median = Number.NaN;
  let below = 0;
  for (let level = 0; level < LEVELS; level++) {
    below += histogram[level]!;
    if (Number.isNaN(median) && below >= samples / 2) median = (level + 0.5) / LEVELS;
    if (below >= WHITE_POINT_SHARE * samples) return { whitePoint: (level + 1) / LEVELS, median };
  }
  return { whitePoint: 1, median };
}
