import type { RgbImage } from '../core/image.js';

/** A frame's brightness on a coarse grid: enough to tell whether something in it moved, for nothing per pixel. */
export interface LumaGrid {
  readonly width: number;
  readonly height: number;
  /** Side of a square cell in image pixels (the last row and column may be cut short by the image's edge). */
  readonly cell: number;
  readonly columns: number;
  readonly rows: number;
  /** Mean luma (0-255) of each cell, row by row. */
  readonly means: Float32Array;
}

/** Cells along the image's longer side: a 640x480 frame gets 16-pixel cells, about a fingertip at arm's length. */
const CELLS_ALONG_LONGER_SIDE = 40;
/** Samples along each side of a cell: 16 a cell, so a cell's mean barely moves with sensor noise. */
const SAMPLES_PER_CELL_SIDE = 4;

/**
 * Mean luma (BT.601) of each cell of a grid laid over the image, from a fixed number of samples per cell, so its
 * cost does not grow with the frame's size (about 19,000 pixels read for 40x30 cells).
 */
export function lumaGrid(image: RgbImage): LumaGrid {
  const { width, height, data } = image;
  const cell = Math.max(1, Math.ceil(Math.max(width, height) / CELLS_ALONG_LONGER_SIDE));
  const columns = Math.ceil(width / cell);
  const rows = Math.ceil(height / cell);
  const means = new Float32Array(columns * rows);
  for (let row = 0; row < rows; row++) {
    const top = row * cell;
    const cellHeight = Math.min(cell, height - top);
    for (let column = 0; column < columns; column++) {
      const left = column * cell;
      const cellWidth = Math.min(cell, width - left);
      let sum = 0;
      let count = 0;
      for (let sy = 0; sy < SAMPLES_PER_CELL_SIDE; sy++) {
        const y = top + Math.floor(((sy + 0.5) * cellHeight) / SAMPLES_PER_CELL_SIDE);
        for (let sx = 0; sx < SAMPLES_PER_CELL_SIDE; sx++) {
          const x = left + Math.floor(((sx + 0.5) * cellWidth) / SAMPLES_PER_CELL_SIDE);
          const index = (y * width + x) * 3;
          sum += 0.299 * data[index]! + 0.587 * data[index + 1]! + 0.114 * data[index + 2]!;
          count++;
        }
      }
      means[row * columns + column] = sum / count;
    }
  }
  return { width, height, cell, columns, rows, means };
}
