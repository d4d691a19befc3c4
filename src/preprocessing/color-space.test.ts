import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { convertColorSpace } from './color-space.js';

const pixels = (values: number[][]) => ({ data: new Uint8Array(values.flat()), width: values.length, height: 1 });
const image = pixels([[255, 0, 0], [0, 255, 0], [0, 0, 255], [255, 255, 255], [0, 0, 0], [128, 64, 32]]);

describe('convertColorSpace', () => {
  it('keeps rgb as the same buffer', () => {
    assert.equal(convertColorSpace(image, 'rgb').data, image.data);
  });

  it('swaps channels for bgr', () => {
    assert.deepEqual([...convertColorSpace(image, 'bgr').data.subarray(0, 9)], [0, 0, 255, 0, 255, 0, 255, 0, 0]);
  });

  it('gives BT.601 luma for gray, one channel', () => {
    const gray = convertColorSpace(image, 'gray');
    assert.equal(gray.channels, 1);
    assert.deepEqual([...gray.data], [76, 150, 29, 255, 0, 79]);
  });

  it('gives OpenCV 8-bit hsv: hue halved, saturation and value 0-255', () => {
    const hsv = convertColorSpace(image, 'hsv');
    assert.deepEqual([...hsv.data], [0, 255, 255, 60, 255, 255, 120, 255, 255, 0, 0, 255, 0, 0, 0, 10, 191, 128]);
  });
});
