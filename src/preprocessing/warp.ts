import { assertRgbImage, type RgbImage } from '../core/image.js';

/** What a sample outside the source image reads: 0, or the nearest edge pixel. */
export type WarpBorder = 'zero' | 'replicate';

const INV_255 = 1 / 255;

/**
 * Resamples an RGB image through an affine map into a float tensor (NHWC, RGB, values in [0, 1]): the input
 * of a model, e.g. a 192x192 letterbox of a frame, or a 224x224 rotated crop around a hand.
 *
 * `matrix` (2x3, row-major) gives, for output pixel (u, v), the source position
 * (m0*u + m1*v + m2, m3*u + m4*v + m5), in source pixel units where integer k is the centre of pixel k (so the
 * identity matrix copies the image). The source is sampled bilinearly. A sample tap outside the image reads 0
 * with `'zero'` (so edges blend towards black, as OpenCV's BORDER_CONSTANT) or the nearest edge pixel with
 * `'replicate'` (BORDER_REPLICATE).
 *
 * `out` receives outWidth*outHeight*3 floats (it may be longer; the rest is left alone).
 */
export function warpAffineToTensor(
  src: RgbImage,
  matrix: Float64Array,
  outWidth: number,
  outHeight: number,
  out: Float32Array,
  border: WarpBorder,
): void {
  assertRgbImage(src);
  if (!Number.isInteger(outWidth) || !Number.isInteger(outHeight) || outWidth <= 0 || outHeight <= 0) {
    throw new RangeError(`output size ${outWidth}x${outHeight} is not a positive whole number of pixels`);
  }
  if (out.length < outWidth * outHeight * 3) {
    throw new RangeError(`output tensor has ${out.length} floats but ${outWidth}x${outHeight}x3 needs ${outWidth * outHeight * 3}`);
  }
  if (matrix.length < 6) throw new RangeError(`affine matrix needs 6 numbers, got ${matrix.length}`);
  const m0 = matrix[0]!;
  const m1 = matrix[1]!;
  const m2 = matrix[2]!;
  const m3 = matrix[3]!;
  const m4 = matrix[4]!;
  const m5 = matrix[5]!;
  if (![m0, m1, m2, m3, m4, m5].every(Number.isFinite)) throw new RangeError(`affine matrix is not finite: ${[...matrix]}`);
  if (border !== 'zero' && border !== 'replicate') throw new RangeError(`unknown border mode ${String(border)}`);

  const data = src.data;
  const width = src.width;
  const height = src.height;
  const stride = width * 3;
  // The fast path needs all four taps inside: 0 <= x < width - 1 and 0 <= y < height - 1.
  const maxX = width - 1;
  const maxY = height - 1;
  const replicate = border === 'replicate';

  let o = 0;
  for (let v = 0; v < outHeight; v += 1) {
    const rowX = m1 * v + m2;
    const rowY = m4 * v + m5;

    // The run of output pixels in this row whose samples lie wholly inside the image.
    let start = 0;
    let end = outWidth;
    [start, end] = clampRun(rowX, m0, maxX, start, end);
    [start, end] = clampRun(rowY, m3, maxY, start, end);
    // Tighten against the exact arithmetic used below (the run is convex, so its ends are enough).
    while (start < end && !inside(rowX + m0 * start, rowY + m3 * start, maxX, maxY)) start += 1;
    while (end > start && !inside(rowX + m0 * (end - 1), rowY + m3 * (end - 1), maxX, maxY)) end -= 1;

    for (let u = 0; u < start; u += 1) {
      sampleEdge(data, width, height, rowX + m0 * u, rowY + m3 * u, replicate, out, o);
      o += 3;
    }

    // Stepping the source position rather than computing it afresh saves two multiplications a pixel; its
    // rounding over a row stays far inside the margin `inside` leaves at the image's far edges.
    let sx = rowX + m0 * start;
    let sy = rowY + m3 * start;
    for (let u = start; u < end; u += 1) {
      const x0 = sx | 0; // sx >= 0 here, so truncation is floor
      const y0 = sy | 0;
      const fx = sx - x0;
      const fy = sy - y0;
      sx += m0;
      sy += m3;
      // Bilinear weights, pre-scaled by 1/255.
      const fxScaled = fx * INV_255;
      const w11 = fxScaled * fy;
      const w01 = fxScaled - w11;
      const w10 = fy * INV_255 - w11;
      const w00 = INV_255 - fxScaled - w10;
      const i = y0 * stride + x0 * 3;
      const j = i + stride;
      out[o] = data[i]! * w00 + data[i + 3]! * w01 + data[j]! * w10 + data[j + 3]! * w11;
      out[o + 1] = data[i + 1]! * w00 + data[i + 4]! * w01 + data[j + 1]! * w10 + data[j + 4]! * w11;
      out[o + 2] = data[i + 2]! * w00 + data[i + 5]! * w01 + data[j + 2]! * w10 + data[j + 5]! * w11;
      o += 3;
    }

    for (let u = end; u < outWidth; u += 1) {
      sampleEdge(data, width, height, rowX + m0 * u, rowY + m3 * u, replicate, out, o);
      o += 3;
    }
  }
}

/** Far from rounding: a stepped position drifts by about 1e-11 pixels over a row, so this margin keeps its taps inside. */
const STEP_MARGIN = 1e-6;

function inside(sx: number, sy: number, maxX: number, maxY: number): boolean {
  return sx >= 0 && sx < maxX - STEP_MARGIN && sy >= 0 && sy < maxY - STEP_MARGIN;
}

/**
 * Narrows [start, end) to the u where 0 <= p + q*u < limit (approximately: callers re-check the ends exactly,
 * so this may be off by one either way).
 */
function clampRun(p: number, q: number, limit: number, start: number, end: number): [number, number] {
  if (q === 0) return p >= 0 && p < limit ? [start, end] : [start, start];
  const a = (0 - p) / q;
  const b = (limit - p) / q;
  const lo = q > 0 ? a : b;
  const hi = q > 0 ? b : a;
  // Widen by one on each side; the exact re-check then trims.
  const from = Math.max(start, Math.floor(lo) - 1);
  const to = Math.min(end, Math.ceil(hi) + 1);
  return from < to ? [from, to] : [start, start];
}

/** One output pixel whose bilinear taps may fall outside the image. */
function sampleEdge(
  data: Uint8Array,
  width: number,
  height: number,
  sx: number,
  sy: number,
  replicate: boolean,
  out: Float32Array,
  o: number,
): void {
  const fx0 = Math.floor(sx);
  const fy0 = Math.floor(sy);
  const fx = sx - fx0;
  const fy = sy - fy0;
  let x0: number;
  let x1: number;
  let y0: number;
  let y1: number;
  let w00 = (1 - fx) * (1 - fy) * INV_255;
  let w01 = fx * (1 - fy) * INV_255;
  let w10 = (1 - fx) * fy * INV_255;
  let w11 = fx * fy * INV_255;
  if (replicate) {
    const maxX = width - 1;
    const maxY = height - 1;
    x0 = fx0 < 0 ? 0 : fx0 > maxX ? maxX : fx0;
    x1 = fx0 + 1 < 0 ? 0 : fx0 + 1 > maxX ? maxX : fx0 + 1;
    y0 = fy0 < 0 ? 0 : fy0 > maxY ? maxY : fy0;
    y1 = fy0 + 1 < 0 ? 0 : fy0 + 1 > maxY ? maxY : fy0 + 1;
  } else {
    if (fx0 < -1 || fx0 >= width || fy0 < -1 || fy0 >= height) {
      out[o] = 0;
      out[o + 1] = 0;
      out[o + 2] = 0;
      return;
    }
    // Taps outside read 0: drop their weight and point them at any valid pixel.
    x0 = fx0;
    x1 = fx0 + 1;
    y0 = fy0;
    y1 = fy0 + 1;
    if (x0 < 0) {
      w00 = 0;
      w10 = 0;
      x0 = 0;
    }
    if (x1 >= width) {
      w01 = 0;
      w11 = 0;
      x1 = width - 1;
    }
    if (y0 < 0) {
      w00 = 0;
      w01 = 0;
      y0 = 0;
    }
    if (y1 >= height) {
      w10 = 0;
      w11 = 0;
      y1 = height - 1;
    }
  }
  const stride = width * 3;
  const i00 = y0 * stride + x0 * 3;
  const i01 = y0 * stride + x1 * 3;
  const i10 = y1 * stride + x0 * 3;
  const i11 = y1 * stride + x1 * 3;
  out[o] = data[i00]! * w00 + data[i01]! * w01 + data[i10]! * w10 + data[i11]! * w11;
  out[o + 1] = data[i00 + 1]! * w00 + data[i01 + 1]! * w01 + data[i10 + 1]! * w10 + data[i11 + 1]! * w11;
  out[o + 2] = data[i00 + 2]! * w00 + data[i01 + 2]! * w01 + data[i10 + 2]! * w10 + data[i11 + 2]! * w11;
}
