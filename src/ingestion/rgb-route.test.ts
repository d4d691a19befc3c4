import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { rgbRouteFilters } from './rgb-route.js';

describe('rgbRouteFilters', () => {
  it('routes YUV layouts without a fast path to RGB through one that has it', () => {
    for (const format of ['yuv444p', 'yuvj444p', 'yuv420p10le', 'nv12', 'p010le', 'yuyv422', 'uyvy422', 'yuv440p']) {
      assert.deepEqual(rgbRouteFilters(format), ['scale=flags=fast_bilinear', 'format=pix_fmts=yuv420p|yuvj420p|yuv422p|yuvj422p'], format);
    }
  });

  it('after a resize, leaves the colour step to it: one pass over the pixels, not two', () => {
    assert.deepEqual(rgbRouteFilters('yuv444p', true), ['format=pix_fmts=yuv420p|yuvj420p|yuv422p|yuvj422p']);
  });

  it('leaves fast YUV layouts, RGB, grey, palette and unknown sources as they are', () => {
    for (const format of ['yuv420p', 'yuvj420p', 'yuv422p', 'yuvj422p', 'rgb24', 'bgra', 'gbrp', 'gray', 'pal8', undefined]) {
      assert.deepEqual(rgbRouteFilters(format), [], String(format));
    }
  });
});
