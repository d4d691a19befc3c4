import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import sharp from 'sharp';

import { decodeImageFile } from '../ingestion/image-decoder.js';
import { sharedData } from '../testing/shared-data.js';
import { clipRegion, cropImage, resizeImage } from './crop-resize.js';

/** A 4x3 image whose pixel (x, y) is (x, y, 7). */
const grid = {
  width: 4,
  height: 3,
  data: new Uint8Array(Array.from({ length: 12 }, (_, p) => [p % 4, Math.floor(p / 4), 7]).flat()),
};

describe('cropImage and clipRegion', () => {
  it('copies exactly the region', () => {
    const crop = cropImage(grid, { x: 1, y: 1, width: 2, height: 2 });
    assert.deepEqual([...crop.data], [1, 1, 7, 2, 1, 7, 1, 2, 7, 2, 2, 7]);
  });

  it('clips a region to the frame and refuses one wholly outside', () => {
    assert.deepEqual(clipRegion({ x: 2, y: 1, width: 10, height: 10 }, 4, 3), { x: 2, y: 1, width: 2, height: 2 });
    assert.throws(() => clipRegion({ x: 5, y: 0, width: 2, height: 2 }, 4, 3), /lies outside the 4x3 frame/);
  });
});

describe('resizeImage', () => {
  it('keeps a size unchanged and interpolates between pixel centres', () => {
    assert.deepEqual(resizeImage(grid, 4, 3), grid);
    const wide = resizeImage({ width: 2, height: 1, data: new Uint8Array([0, 0, 0, 200, 100, 40]) }, 4, 1);
    assert.deepEqual([...wide.data], [0, 0, 0, 50, 25, 10, 150, 75, 30, 200, 100, 40]);
  });

  it('halves a real photo close to sharp', async () => {
    const path = sharedData('mediapipe-samples/thumb_up.jpg');
    const photo = await decodeImageFile(path);
    const ours = resizeImage(photo, 320, 260);
    const theirs = await sharp(photo.data, { raw: { width: photo.width, height: photo.height, channels: 3 } })
      .resize(320, 260, { fit: 'fill', kernel: 'linear' })
      .raw()
      .toBuffer();
    let total = 0;
    for (let i = 0; i < theirs.length; i += 1) total += Math.abs(theirs[i]! - ours.data[i]!);
    assert.ok(total / theirs.length < 3, `mean difference ${total / theirs.length}`);
  });
});
