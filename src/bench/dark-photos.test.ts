import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { HandLandmarker } from '../extraction/hand-landmarker.js';
import { FingerCountClassifier } from '../inference/classifiers/finger-count-classifier.js';
import { decodeImageFile } from '../ingestion/image-decoder.js';
import { sharedData } from '../testing/shared-data.js';
import { QUARTER_BRIGHTNESS } from './photo-variants.js';

/** Finger-count photos the landmark model miscounts at a quarter of their brightness unless its crops are brightened. */
const MISCOUNTED_IN_THE_DARK = ['1/one_213.jpg', '2/two_145.jpg', '3/three_65.jpg', '3/three_102.jpg', '4/four_8.jpg', '4/four_119.jpg'];

let landmarker: HandLandmarker;
before(async () => {
  landmarker = await HandLandmarker.create();
});
after(async () => {
  await landmarker.close();
});

test('photos at a quarter of their brightness are counted as in full light', async () => {
  const counter = new FingerCountClassifier();
  const wrong: string[] = [];
  for (const photo of MISCOUNTED_IN_THE_DARK) {
    const dark = (await QUARTER_BRIGHTNESS.make(await decodeImageFile(sharedData(`finger-count-epsrc/testing_set/${photo}`)), undefined))!;
    const count = counter.classify(await landmarker.detect(dark)).fingerCount;
    const truth = Number(photo.split('/')[0]);
    if (count !== truth) wrong.push(`${photo}: ${count ?? 'no hand'}, not ${truth}`);
  }
  assert.deepEqual(wrong, []);
});
