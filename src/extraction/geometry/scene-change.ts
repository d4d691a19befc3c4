import type { LumaGrid } from '../../preprocessing/luma-grid.js';
import { rotateVector } from './rotation.js';
import type { Point, RotatedRect } from './types.js';

/**
 * A cell whose mean luma moved by more than this (of 255) changed: sensor noise moves a 16-sample mean by about
 * one level, a hand entering a cell by tens.
 */
export const CHANGED_LEVELS = 12;
/** How far a tracked hand's forearm reaches past its crop rectangle, towards the wrist, in rectangle heights. */
const FOREARM_LENGTHS = 1.5;

/**
 * Where a tracked hand moves things: its crop rectangle (twice the hand's size) and, past its wrist, its forearm,
 * which follows the hand wherever it goes.
 */
export function handAndForearmRegion(rect: RotatedRect): RotatedRect {
  const extra = rect.height * FOREARM_LENGTHS;
  // In the rectangle's own frame the fingers point up (-y), so the wrist and the forearm lie towards +y.
  const shift = rotateVector(0, extra / 2, rect.rotation);
  return { ...rect, xCenter: rect.xCenter + shift.x, yCenter: rect.yCenter + shift.y, height: rect.height + extra };
}

export function rectContains(rect: RotatedRect, point: Point): boolean {
  const local = rotateVector(point.x - rect.xCenter, point.y - rect.yCenter, -rect.rotation);
  return Math.abs(local.x) <= rect.width / 2 && Math.abs(local.y) <= rect.height / 2;
}

/**
 * Whether anything changed between two grids of the same frame size outside the `ignored` regions (pixels): a
 * cell counts when its centre lies outside them all and its mean moved by more than CHANGED_LEVELS. Grids of
 * different sizes (a new stream) count as changed.
 */
export function sceneChangedOutside(reference: LumaGrid, current: LumaGrid, ignored: readonly RotatedRect[]): boolean {
  // The grid's cells follow from the frame's size.
  if (reference.width !== current.width || reference.height !== current.height) return true;
  const { columns, rows, cell, width, height } = current;
  for (let row = 0; row < rows; row++) {
    const y = (row * cell + Math.min(height, (row + 1) * cell)) / 2;
    for (let column = 0; column < columns; column++) {
      const index = row * columns + column;
      if (Math.abs(current.means[index]! - reference.means[index]!) <= CHANGED_LEVELS) continue;
      const x = (column * cell + Math.min(width, (column + 1) * cell)) / 2;
      if (!ignored.some((region) => rectContains(region, { x, y }))) return true;
    }
  }
  return false;
}
