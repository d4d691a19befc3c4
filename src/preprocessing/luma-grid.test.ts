import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RgbImage } from '../core/image.js';
import { decodeImageFile } from '../ingestion/image-decoder.js';
import { sharedData } from '../testing/shared-data.js';
import { lumaGrid } from './luma-grid.js';

function filled(width: number, height: number, rgb: readonly [number, number, number]): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let index = 0; index < data.length; index += 3) data.set(rgb, index);
  return { width, height, data };
}

function paint(image: RgbImage, x0: number, y0: number, x1: number, y1: number, rgb: readonly [number, number, number]): void {
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) image.data.set(rgb, (y * image.width + x) * 3);
}

test('a 640x480 frame gets 16-pixel cells, 40 by 30, each the BT.601 luma of a flat colour', () => {
  const grid = lumaGrid(filled(640, 480, [200, 100, 50]));
  assert.deepEqual([grid.cell, grid.columns, grid.rows], [16, 40, 30]);
  const luma = 0.299 * 200 + 0.587 * 100 + 0.114 * 50;
  assert.ok(grid.means.every((mean) => Math.abs(mean - luma) < 1e-3), `means ${grid.means[0]} against ${luma}`);
});

test('a patch changes the cells it covers and no others, the cut-short edge cells included', () => {
  const image = filled(641, 479, [10, 10, 10]);
  const before = lumaGrid(image);
  assert.deepEqual([before.cell, before.columns, before.rows], [17, 38, 29]);
  // Exactly cells (2, 1) and (37, 28): the last column and row are cut short by the image's edge.
  paint(image, 34, 17, 51, 34, [250, 250, 250]);
  paint(image, 37 * 17, 28 * 17, 641, 479, [250, 250, 250]);
  const after = lumaGrid(image);
  const changed = [...after.means.keys()].filter((index) => after.means[index] !== before.means[index]);
  assert.deepEqual(changed, [1 * 38 + 2, 28 * 38 + 37]);
  assert.ok(Math.abs(after.means[28 * 38 + 37]! - 250) < 1e-3);
});

test('on a real photo, each cell is within a few levels of the mean of all its pixels', async () => {
  const photo = await decodeImageFile(sharedData('mediapipe-samples/two_hands.jpg'));
  const grid = lumaGrid(photo);
  const errors: number[] = [];
  for (let row = 0; row < grid.rows; row++) {
    for (let column = 0; column < grid.columns; column++) {
      let sum = 0;
      let count = 0;
      for (let y = row * grid.cell; y < Math.min(photo.height, (row + 1) * grid.cell); y++) {
        for (let x = column * grid.cell; x < Math.min(photo.width, (column + 1) * grid.cell); x++) {
          const index = (y * photo.width + x) * 3;
          sum += 0.299 * photo.data[index]! + 0.587 * photo.data[index + 1]! + 0.114 * photo.data[index + 2]!;
          count++;
        }
      }
      errors.push(Math.abs(grid.means[row * grid.columns + column]! - sum / count));
    }
  }
  errors.sort((a, b) => a - b);
  const median = errors[Math.floor(errors.length / 2)]!;
  assert.ok(median < 2, `median error ${median.toFixed(2)} levels over ${errors.length} cells`);
});
