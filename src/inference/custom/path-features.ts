import type { Point } from '../../extraction/geometry/types.js';

/** A point of a fingertip path and when it was there. */
export interface TimedPoint extends Point {
  timestampMs: number;
}

/** Points along a moving gesture's path: enough for a circle's shape, few enough for a quick comparison. */
export const PATH_POINTS = 16;

/**
 * A path as numbers a learner can compare: each point relative to the first, divided by `unit` (the hand's
 * size, so a gesture is the same near the camera and far from it), flattened: x0, y0, ..., x15, y15.
 */
export function pathFeatures(path: readonly Point[], unit: number): number[] {
  const start = path[0];
  if (start === undefined) return [];
  return path.flatMap(({ x, y }) => [(x - start.x) / unit, (y - start.y) / unit]);
}

/**
 * `count` points spread evenly in time over a path sampled at uneven times (frames dropped, a hand lost for a
 * frame), by linear interpolation between the samples around each time.
 */
export function resamplePath(samples: readonly TimedPoint[], count = PATH_POINTS): Point[] {
  const first = samples[0];
  const last = samples.at(-1);
  if (first === undefined || last === undefined) return [];
  const span = last.timestampMs - first.timestampMs;
  let after = 1;
  return Array.from({ length: count }, (_, index) => {
    // span times a fraction, not span times index: the product overflows on timestamps near the largest double.
    const time = first.timestampMs + (count === 1 ? 0 : span * (index / (count - 1)));
    while (after < samples.length - 1 && samples[after]!.timestampMs < time) after++;
    const a = samples[Math.max(0, after - 1)]!;
    const b = samples[Math.min(after, samples.length - 1)]!;
    const fraction = b.timestampMs === a.timestampMs ? 0 : (time - a.timestampMs) / (b.timestampMs - a.timestampMs);
    return { x: a.x + (b.x - a.x) * fraction, y: a.y + (b.y - a.y) * fraction };
  });
}
