import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { HandLandmarker } from '../extraction/hand-landmarker.js';
import { FingerCountClassifier } from '../inference/classifiers/finger-count-classifier.js';
import { decodeImageFile } from '../ingestion/image-decoder.js';
import { sharedData } from '../testing/shared-data.js';
import { handFilling } from './photo-variants.js';

/**
 * Finger-count photos with the hand scaled to a share of the frame, where the palm's crop framed the hand poorly
 * and the landmarks read in it miscount (measured with the second look turned off); the crop the landmarks give
 * reads them right.
 */
const POORLY_FRAMED: [photo: string, fill: number][] = [
  ['1/one_144.jpg', 0.15],
  ['1/one_144.jpg', 0.5],
  ['1/one_144.jpg', 0.9],
  ['2/two_179.jpg', 0.15],
  ['3/three_120.jpg', 0.15],
  ['4/four_99.jpg', 0.15],
  ['1/one_53.jpg', 0.9],
];

let landmarker: HandLandmarker;
before(async () => {
  landmarker = await HandLandmarker.create();
});
after(async () => {
  await landmarker.close();
});

test("still images: a hand the palm's crop framed poorly is counted right from a second look in its landmarks' crop", async () => {
  const counter = new FingerCountClassifier();
  const wrong: string[] = [];
  for (const [photo, fill] of POORLY_FRAMED) {
    const original = await decodeImageFile(sharedData(`finger-count-epsrc/testing_set/${photo}`));
    const hand = (await landmarker.detect(original)).hands[0];
    assert.ok(hand, `${photo}: the hand is found in the photo itself`);
    const scaled = (await handFilling(fill).make(original, hand.boundingBox))!;
    const count = counter.classify(await landmarker.detect(scaled)).fingerCount;
    const truth = Number(photo.split('/')[0]);
    if (count !== truth) wrong.push(`${photo} at ${fill * 100}%: ${count ?? 'no hand'}, not ${truth}`);
  }
  assert.deepEqual(wrong, []);
});
