import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { HandLandmarker } from '../extraction/hand-landmarker.js';
import type { RgbImage } from '../core/image.js';
import { decodeImageFile } from '../ingestion/image-decoder.js';
import { sharedData } from '../testing/shared-data.js';
import { engagementHands } from './engagement-hands.js';

let landmarker: HandLandmarker;
let selfieLandmarker: HandLandmarker;
before(async () => {
  [landmarker, selfieLandmarker] = await Promise.all([HandLandmarker.create(), HandLandmarker.create({ mirrored: true })]);
});
after(() => Promise.all([landmarker.close(), selfieLandmarker.close()]));

/** The image flipped left to right, as a selfie view shows it. */
function mirror(image: RgbImage): RgbImage {
  const data = new Uint8Array(image.data.length);
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) data.set(image.data.subarray((y * image.width + x) * 3, (y * image.width + x) * 3 + 3), (y * image.width + image.width - 1 - x) * 3);
  }
  return { ...image, data };
}

const engages = async (file: string, mirrored = false) => {
  const image = await decodeImageFile(sharedData(file));
  const found = mirrored ? await selfieLandmarker.detect(mirror(image)) : await landmarker.detect(image);
  return engagementHands(found, mirrored).map((hand) => hand.openPalmTowardsCamera);
};

test('an open palm towards the camera engages; the back of an open hand, or a fist, does not', async () => {
  assert.deepEqual(await engages('hagrid-tiles/stop.png'), [true], 'a left palm, fingers up');
  assert.deepEqual(await engages('hagrid-tiles/palm.png'), [true]);
  assert.deepEqual(await engages('hagrid-tiles/stop_inverted.png'), [false], 'the back of a right hand');
  assert.deepEqual(await engages('hagrid-tiles/fist.png'), [false]);
});

test('in a mirrored (selfie) view the palm is still the palm and the back the back', async () => {
  // Mirroring puts the thumb on the other side; the hand's label, the real hand, stays.
  assert.deepEqual(await engages('hagrid-tiles/stop.png', true), [true]);
  assert.deepEqual(await engages('hagrid-tiles/stop_inverted.png', true), [false]);
});
