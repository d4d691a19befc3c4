import type { RgbImage } from '../core/image.js';

/** A grid of square cells laid over a frame of one size. */
interface GridLayout {
  readonly width: number;
  readonly height: number;
  /** Side of a square cell in image pixels (the last row and column may be cut short by the image's edge). */
  readonly cell: number;
  readonly columns: number;
  readonly rows: number;
}

/** A frame's brightness on a coarse grid: enough to tell whether something in it moved, for nothing per pixel. */
export interface LumaGrid extends GridLayout {
  /** Mean luma (0-255) of each cell, row by row. */
  readonly means: Float32Array;
}

/** Cells along the image's longer side: a 640x480 frame gets 16-pixel cells, about a fingertip at arm's length. */
const CELLS_ALONG_LONGER_SIDE = 40;
/** Samples along each side of a cell: 16 a cell, so a cell's mean barely moves with sensor noise. */
const SAMPLES_PER_CELL_SIDE = 4;

/** Where a grid's samples lie in a frame of one size: computed once per size, as frames of a stream share it. */
interface SampleLayout extends GridLayout {
  /** Byte offset of each sample's red value, SAMPLES_PER_CELL of them a cell, cell by cell. */
  readonly offsets: Int32Array;
}

const SAMPLES_PER_CELL = SAMPLES_PER_CELL_SIDE * SAMPLES_PER_CELL_SIDE;
/** Layouts by frame size: the streams of one thread seldom come in more than a few sizes. */
const layouts = new Map<string, SampleLayout>();
const MAX_LAYOUTS = 16;

function sampleLayout(width: number, height: number): SampleLayout {
  const key = `${width}x${height}`;
  const known = layouts.get(key);
  if (known !== undefined) return known;
  const cell = Math.max(1, Math.ceil(Math.max(width, height) / CELLS_ALONG_LONGER_SIDE));
  const columns = Math.ceil(width / cell);
  const rows = Math.ceil(height / cell);
  const offsets = new Int32Array(columns * rows * SAMPLES_PER_CELL);
  let next = 0;
  for (let row = 0; row < rows; row++) {
    const top = row * cell;
    const cellHeight = Math.min(cell, height - top);
    for (let column = 0; column < columns; column++) {
      const left = column * cell;
      const cellWidth = Math.min(cell, width - left);
      for (let sy = 0; sy < SAMPLES_PER_CELL_SIDE; sy++) {
        const y = top + Math.floor(((sy + 0.5) * cellHeight) / SAMPLES_PER_CELL_SIDE);
        for (let sx = 0; sx < SAMPLES_PER_CELL_SIDE; sx++) {
          const x = left + Math.floor(((sx + 0.5) * cellWidth) / SAMPLES_PER_CELL_SIDE);
          offsets[next++] = (y * width + x) * 3;
        }
      }
    }
  }
  const layout = { width, height, cell, columns, rows, offsets };
  if (layouts.size >= MAX_LAYOUTS) layouts.clear();
  layouts.set(key, layout);
  return layout;
}

/**
 * Mean luma (BT.601) of each cell of a grid laid over the image, from a fixed number of samples per cell, so its
 * cost does not grow with the frame's size (about 19,000 pixels read for 40x30 cells).
 */
export function lumaGrid(image: RgbImage): LumaGrid {
  const { width, height, data } = image;
  const { cell, columns, rows, offsets } = sampleLayout(width, height);
  const means = new Float32Array(columns * rows);
  for (let index = 0, sample = 0; index < means.length; index++) {
    let sum = 0;
    for (const end = sample + SAMPLES_PER_CELL; sample < end; sample++) {
      const offset = offsets[sample]!;
      sum += 0.299 * data[offset]! + 0.587 * data[offset + 1]! + 0.114 * data[offset + 2]!;
    }
    means[index] = sum / SAMPLES_PER_CELL;
  }
  return { width, height, cell, columns, rows, means };
}
