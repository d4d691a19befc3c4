import { palmSize } from './hand-box.js';
import type { Point } from './types.js';

/**
 * How far two readings of the same hand's landmarks lie apart: the mean distance between corresponding points,
 * in palm sizes of the first (pixels in, a ratio out). About 0.02-0.06 between two crops of the same hand read
 * alike; 0.2 and more where one of them placed fingers differently.
 */
export function landmarkShift(first: readonly Point[], second: readonly Point[]): number {
  if (first.length !== second.length) throw new RangeError(`cannot compare ${first.length} landmarks with ${second.length}`);
  const size = palmSize(first);
  if (first.length === 0 || size === 0) return 0;
  const total = first.reduce((sum, point, index) => sum + Math.hypot(point.x - second[index]!.x, point.y - second[index]!.y), 0);
  return total / first.length / size;
}
