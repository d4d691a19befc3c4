import type { RgbImage } from '../core/image.js';
import { luma } from './color-space.js';

/**
 * The lookup table that equalises a histogram of 256 levels (OpenCV's equalizeHist): each level maps to its
 * place in the cumulative distribution, stretched so the darkest level present becomes 0 and the top 255.
 */
export function equalizationTable(histogram: Uint32Array): Uint8Array {
  const table = new Uint8Array(256);
  let total = 0;
  for (const count of histogram) total += count;
  const first = histogram.findIndex((count) => count > 0);
  const darkest = first < 0 ? 0 : histogram[first]!;
  if (total === darkest) {
    // One level only: leave it as it is.
    for (let level = 0; level < 256; level += 1) table[level] = level;
    return table;
  }
  let cumulative = 0;
  for (let level = 0; level < 256; level += 1) {
    cumulative += histogram[level]!;
    table[level] = Math.max(0, Math.round(((cumulative - darkest) * 255) / (total - darkest)));
  }
  return table;
}

/**
 * Equalises the histogram of the image's luminance (BT.601 Y) and leaves its colour alone: in YCbCr, shifting Y
 * by d with Cb and Cr kept shifts R, G and B each by d.
 */
export function equalizeLuminance(image: RgbImage): RgbImage {
  const { data, width, height } = image;
  const pixels = width * height;
  const lumas = new Uint8Array(pixels);
  const histogram = new Uint32Array(256);
  for (let p = 0; p < pixels; p += 1) {
    const y = luma(data[p * 3]!, data[p * 3 + 1]!, data[p * 3 + 2]!);
    lumas[p] = y;
    histogram[y]! += 1;
  }
  const table = equalizationTable(histogram);
  const out = new Uint8Array(data.length);
  for (let p = 0; p < pixels; p += 1) {
    const shift = table[lumas[p]!]! - lumas[p]!;
    // A Uint8Array wraps out-of-range values, so clamp.
    for (let c = 0; c < 3; c += 1) out[p * 3 + c] = Math.min(255, Math.max(0, data[p * 3 + c]! + shift));
  }
  return { data: out, width, height };
}
