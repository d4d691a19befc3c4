import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { decodeImageFile } from '../ingestion/image-decoder.js';
import { sharedData } from '../testing/shared-data.js';
import { convertColorSpace } from './color-space.js';
import { equalizationTable, equalizeLuminance } from './equalize-luminance.js';

describe('equalizationTable', () => {
  it('spreads the levels present over 0-255 by their cumulative share', () => {
    const histogram = new Uint32Array(256);
    histogram[10] = 2;
    histogram[20] = 2;
    histogram[30] = 4;
    const table = equalizationTable(histogram);
    assert.deepEqual([table[10], table[20], table[30]], [0, 85, 255]);
  });

  it('leaves a one-level image alone', () => {
    const histogram = new Uint32Array(256);
    histogram[77] = 100;
    assert.equal(equalizationTable(histogram)[77], 77);
  });
});

describe('equalizeLuminance', () => {
  it('stretches a dim real photo to the full luminance range and keeps its colour differences', async () => {
    const photo = await decodeImageFile(sharedData('finger-count-epsrc/testing_set/2/two_13.jpg'));
    // Make it dim and flat: a quarter of the brightness.
    const dim = { ...photo, data: photo.data.map((value) => value >> 2) };
    const before = convertColorSpace(dim, 'gray').data;
    const equalized = equalizeLuminance(dim);
    const after = convertColorSpace(equalized, 'gray').data;
    const range = (values: Uint8Array) => values.reduce(([low, high], v) => [Math.min(low, v), Math.max(high, v)], [255, 0]);
    assert.ok(range(before)[1]! <= 64);
    const [low, high] = range(after);
    assert.ok(high! >= 250 && low! <= 5, `full range after equalisation, got ${low}-${high}`);
    // Colour differences (R - G) are kept where nothing clipped.
    let kept = 0;
    let checked = 0;
    for (let i = 0; i < dim.data.length; i += 3 * 97) {
      const out = [equalized.data[i]!, equalized.data[i + 1]!, equalized.data[i + 2]!];
      if (out.some((value) => value === 0 || value === 255)) continue;
      checked += 1;
      if (Math.abs(out[0]! - out[1]! - (dim.data[i]! - dim.data[i + 1]!)) <= 1) kept += 1;
    }
    assert.ok(checked > 100 && kept / checked > 0.99, `${kept} of ${checked}`);
  });
});
