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
/** The mean is taken over every this-many-th value: enough for a mean, and nothing on the path of every frame. */
const SAMPLE_STRIDE = 7;
const LEVELS = 256;

/**
 * Brightens a dark model input in place (values 0-1) as a longer exposure would: multiplies it by the gain that
 * takes its mean to TARGET_MEAN, but no further than puts its brightest 1% at white, so that a dim hand regains
 * its contrast and no detail is lost to clipping. Inputs at or above DARK_MEAN are left as they are. Returns the
 * gain applied (1: none).
 */
export function brightenDarkTensor(tensor: Float32Array, length = tensor.length): number {
  let sum = 0;
  let samples = 0;
  for (let i = 0; i < length; i += SAMPLE_STRIDE) {
    sum += tensor[i]!;
    samples++;
  }
  const mean = samples === 0 ? 0 : sum / samples;
  // A black input (mean 0) has nothing to lift.
  if (!(mean > 0 && mean < DARK_MEAN)) return 1;
  const gain = Math.min(TARGET_MEAN / mean, 1 / whitePoint(tensor, length));
  if (gain <= 1) return 1;
  for (let i = 0; i < length; i++) tensor[i] = Math.min(1, tensor[i]! * gain);
  return gain;
}

/** The level below which WHITE_POINT_SHARE of the sampled values lie, rounded up to a 1/256 step. */
function whitePoint(tensor: Float32Array, length: number): number {
  const histogram = new Uint32Array(LEVELS);
  let samples = 0;
  for (let i = 0; i < length; i += SAMPLE_STRIDE) {
    histogram[Math.min(LEVELS - 1, Math.max(0, Math.floor(tensor[i]! * LEVELS)))]!++;
    samples++;
  }
  let below = 0;
  for (let level = 0; level < LEVELS; level++) {
    below += histogram[level]!;
    if (below >= WHITE_POINT_SHARE * samples) return (level + 1) / LEVELS;
  }
  return 1;
}
