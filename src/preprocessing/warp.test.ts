import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { RgbImage } from '../core/image.js';
import { warpAffineToTensor, type WarpBorder } from './warp.js';

/** An image from per-pixel [r, g, b] triples, row by row. */
function image(width: number, height: number, pixels: readonly (readonly [number, number, number])[]): RgbImage {
  assert.equal(pixels.length, width * height);
  return { data: new Uint8Array(pixels.flat()), width, height };
}

function warp(src: RgbImage, matrix: readonly number[], width: number, height: number, border: WarpBorder): number[] {
  const out = new Float32Array(width * height * 3);
  warpAffineToTensor(src, Float64Array.from(matrix), width, height, out, border);
  return [...out];
}

function assertClose(actual: readonly number[], expected: readonly number[], tolerance = 1e-6): void {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < actual.length; i += 1) {
    assert.ok(Math.abs(actual[i]! - expected[i]!) <= tolerance, `value ${i}: ${actual[i]} != ${expected[i]}`);
  }
}

/** Channel values as the tensor holds them. */
const scaled = (values: readonly number[]): number[] => values.map((v) => v / 255);

/** A plain, obviously correct bilinear warp, to check the optimised one against. */
function referenceWarp(src: RgbImage, m: readonly number[], width: number, height: number, border: WarpBorder): number[] {
  const tap = (x: number, y: number, c: number): number => {
    if (border === 'replicate') {
      x = Math.min(Math.max(x, 0), src.width - 1);
      y = Math.min(Math.max(y, 0), src.height - 1);
    } else if (x < 0 || y < 0 || x >= src.width || y >= src.height) {
      return 0;
    }
    return src.data[(y * src.width + x) * 3 + c]!;
  };
  const out: number[] = [];
  for (let v = 0; v < height; v += 1) {
    for (let u = 0; u < width; u += 1) {
      const sx = m[0]! * u + m[1]! * v + m[2]!;
      const sy = m[3]! * u + m[4]! * v + m[5]!;
      const x = Math.floor(sx);
      const y = Math.floor(sy);
      const fx = sx - x;
      const fy = sy - y;
      for (let c = 0; c < 3; c += 1) {
        const top = tap(x, y, c) * (1 - fx) + tap(x + 1, y, c) * fx;
        const bottom = tap(x, y + 1, c) * (1 - fx) + tap(x + 1, y + 1, c) * fx;
        out.push((top * (1 - fy) + bottom * fy) / 255);
      }
    }
  }
  return out;
}

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SRC = image(3, 2, [
  [0, 10, 20], [30, 40, 50], [60, 70, 80],
  [90, 100, 110], [120, 130, 140], [150, 160, 170],
]);

describe('warpAffineToTensor', () => {
  it('reproduces the image (scaled to [0, 1]) with the identity matrix', () => {
    for (const border of ['zero', 'replicate'] as const) {
      assertClose(warp(SRC, [1, 0, 0, 0, 1, 0], 3, 2, border), scaled([...SRC.data]));
    }
  });

  it('averages horizontal neighbours with a half-pixel shift, and treats the edge by border mode', () => {
    const row = image(3, 1, [[0, 100, 200], [50, 150, 250], [10, 20, 30]]);
    const shift = [1, 0, 0.5, 0, 1, 0];
    // The last sample sits half way between pixel 2 and the (virtual) pixel 3.
    assertClose(warp(row, shift, 3, 1, 'zero'), scaled([25, 125, 225, 30, 85, 140, 5, 10, 15]));
    assertClose(warp(row, shift, 3, 1, 'replicate'), scaled([25, 125, 225, 30, 85, 140, 10, 20, 30]));
  });

  it('averages 2x2 blocks when halving the size (integer coordinates are pixel centres)', () => {
    const src = image(4, 2, [
      [0, 0, 0], [4, 8, 12], [100, 100, 100], [200, 200, 200],
      [8, 16, 24], [12, 24, 36], [0, 0, 0], [100, 100, 100],
    ]);
    assertClose(warp(src, [2, 0, 0.5, 0, 2, 0.5], 2, 1, 'zero'), scaled([6, 12, 18, 100, 100, 100]));
  });

  it('rotates by 90 degrees clockwise', () => {
    // Output (u, v) reads source (v, 1 - u): the output is 2 wide and 3 high.
    const expected = [
      [90, 100, 110], [0, 10, 20],
      [120, 130, 140], [30, 40, 50],
      [150, 160, 170], [60, 70, 80],
    ].flat();
    for (const border of ['zero', 'replicate'] as const) {
      assertClose(warp(SRC, [0, 1, 0, -1, 0, 1], 2, 3, border), scaled(expected));
    }
  });

  it('reads 0 outside with zero border, the nearest edge pixel with replicate', () => {
    const src = image(2, 1, [[100, 200, 40], [20, 60, 80]]);
    // Samples at x = -2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5 (y = 0).
    const m = [0.5, 0, -2, 0, 0, 0];
    const zero = warp(src, m, 8, 1, 'zero');
    assertClose(zero, scaled([
      0, 0, 0, 0, 0, 0, 0, 0, 0, // x = -2, -1.5, -1: every tap outside (weights on pixel 0 are 0)
      50, 100, 20, // half of pixel 0
      100, 200, 40,
      60, 130, 60,
      20, 60, 80,
      10, 30, 40, // half of pixel 1
    ]));
    const replicate = warp(src, m, 8, 1, 'replicate');
    assertClose(replicate, scaled([
      100, 200, 40, 100, 200, 40, 100, 200, 40, 100, 200, 40,
      100, 200, 40,
      60, 130, 60,
      20, 60, 80,
      20, 60, 80,
    ]));
    // Far away, above and below the image too.
    assertClose(warp(src, [1, 0, 1000, 0, 1, -1000], 2, 2, 'zero'), new Array(12).fill(0));
    assertClose(warp(src, [1, 0, 1000, 0, 1, -1000], 1, 1, 'replicate'), scaled([20, 60, 80]));
  });

  it('matches a plain bilinear warp for random rotations, scales and shifts, inside and across the border', () => {
    const next = random(42);
    for (let trial = 0; trial < 60; trial += 1) {
      const width = 1 + Math.floor(next() * 40);
      const height = 1 + Math.floor(next() * 30);
      const data = new Uint8Array(width * height * 3);
      for (let i = 0; i < data.length; i += 1) data[i] = Math.floor(next() * 256);
      const src: RgbImage = { data, width, height };
      const angle = next() * 2 * Math.PI;
      const scale = 0.2 + next() * 2;
      const outWidth = 1 + Math.floor(next() * 25);
      const outHeight = 1 + Math.floor(next() * 25);
      const m = [
        scale * Math.cos(angle), -scale * Math.sin(angle), (next() - 0.3) * width,
        scale * Math.sin(angle), scale * Math.cos(angle), (next() - 0.3) * height,
      ];
      if (trial % 5 === 0) [m[1], m[3]] = [0, 0]; // axis-aligned, as a letterbox
      if (trial % 7 === 0) [m[2], m[5]] = [Math.round(m[2]!), Math.round(m[5]!)];
      for (const border of ['zero', 'replicate'] as const) {
        assertClose(warp(src, m, outWidth, outHeight, border), referenceWarp(src, m, outWidth, outHeight, border), 2e-6);
      }
    }
  });

  it('matches the plain warp for a letterbox and a rotated crop of a larger image', () => {
    const next = random(7);
    const data = new Uint8Array(160 * 120 * 3);
    for (let i = 0; i < data.length; i += 1) data[i] = Math.floor(next() * 256);
    const src: RgbImage = { data, width: 160, height: 120 };
    const s = 160 / 48;
    const letterbox = [s, 0, 79.5 - 23.5 * s, 0, s, 59.5 - 23.5 * s];
    const k = 90 / 56;
    const c = Math.cos(0.7) * k;
    const n = Math.sin(0.7) * k;
    const crop = [c, -n, 130 - c * 27.5 + n * 27.5, n, c, 20 - n * 27.5 - c * 27.5];
    for (const border of ['zero', 'replicate'] as const) {
      assertClose(warp(src, letterbox, 48, 48, border), referenceWarp(src, letterbox, 48, 48, border), 2e-6);
      assertClose(warp(src, crop, 56, 56, border), referenceWarp(src, crop, 56, 56, border), 2e-6);
    }
  });

  it('matches the plain warp where the samples of a row end a hair inside the far edge', () => {
    const next = random(7);
    const pixels = Array.from({ length: 40 * 30 }, () => [0, 0, 0].map(() => Math.floor(next() * 256)) as [number, number, number]);
    const src = image(40, 30, pixels);
    // 51 samples a row, the last at 38.99999999999999 of a 40-pixel row when computed afresh; 50 steps of
    // 0.7799999999999998 added up reach 39.00000000000002, past the last pixel's centre, where a tap would read
    // beyond the row (beyond the image on the last rows).
    const matrix = [(39 - 4e-15) / 50, 0, 0, 0, 0.25, 28.5];
    const actual = warp(src, matrix, 51, 2, 'replicate');
    assert.ok(actual.every(Number.isFinite), 'a value that is not a number');
    assertClose(actual, referenceWarp(src, matrix, 51, 2, 'replicate'), 1e-5);
  });

  it('writes only the first outWidth*outHeight*3 floats of a longer tensor', () => {
    const out = new Float32Array(3 * 2 * 3 + 2).fill(-1);
    warpAffineToTensor(SRC, Float64Array.from([1, 0, 0, 0, 1, 0]), 3, 2, out, 'zero');
    assert.deepEqual([...out.subarray(18)], [-1, -1]);
  });

  it('rejects bad arguments', () => {
    const identity = Float64Array.from([1, 0, 0, 0, 1, 0]);
    assert.throws(() => warpAffineToTensor(SRC, identity, 3, 2, new Float32Array(17), 'zero'), RangeError);
    assert.throws(() => warpAffineToTensor(SRC, identity, 0, 2, new Float32Array(18), 'zero'), RangeError);
    assert.throws(() => warpAffineToTensor(SRC, identity, 2.5, 2, new Float32Array(18), 'zero'), RangeError);
    assert.throws(() => warpAffineToTensor(SRC, Float64Array.from([1, 0, NaN, 0, 1, 0]), 3, 2, new Float32Array(18), 'zero'), RangeError);
    assert.throws(() => warpAffineToTensor(SRC, Float64Array.from([1, 0, 0]), 3, 2, new Float32Array(18), 'zero'), RangeError);
    assert.throws(
      () => warpAffineToTensor({ data: new Uint8Array(5), width: 3, height: 2 }, identity, 3, 2, new Float32Array(18), 'zero'),
      RangeError,
    );
    assert.throws(
      () => warpAffineToTensor(SRC, identity, 3, 2, new Float32Array(18), 'wrap' as unknown as WarpBorder),
      RangeError,
    );
  });
});
