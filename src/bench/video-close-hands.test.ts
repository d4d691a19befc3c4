import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { HandLandmarker } from '../extraction/hand-landmarker.js';
import { decodeImageFile } from '../ingestion/image-decoder.js';
import { sharedData } from '../testing/shared-data.js';
import { handFilling } from './photo-variants.js';
import { FINAL_FILL, SETTLING_FRAMES, formatZoomVideo, measureZoomVideo } from './zoom-video.js';

/** The share of frames after the first few that must show a hand, from the first frame's size to 90% of the frame. */
const MIN_FRAMES_WITH_HAND = 0.99;

/**
 * Finger-count photos whose hand, made to fill 90% of the frame, MediaPipe's palm detector misses in its own view
 * of the whole frame (no palm scoring even MediaPipe's 0.5), and finds in the shrunk view.
 */
const CLOSE_HANDS = ['1/one_145.jpg', '2/two_106.jpg', '2/two_2.jpg', '3/three_102.jpg', '4/four_106.jpg'];
/** Frames of the same close-up shown as a video: enough for the search to come round to the shrunk view. */
const FRAMES = 6;
/** A close hand is picked up by this frame at the latest (0-based): the shrunk view comes every fourth search. */
const PICKED_UP_BY = 3;

let landmarker: HandLandmarker;
before(async () => {
  landmarker = await HandLandmarker.create();
});
after(async () => {
  await landmarker.close();
});

test(`video mode keeps finding a hand while the camera zooms in until it fills ${FINAL_FILL * 100}% of the frame`, async (t) => {
  const figures = await measureZoomVideo(landmarker);
  t.diagnostic(formatZoomVideo(figures));
  assert.equal(figures.frames, 325, 'every frame of the reference video is made');
  assert.ok(figures.withHand >= MIN_FRAMES_WITH_HAND * figures.counted, `${figures.withHand} of ${figures.counted} frames after the first ${SETTLING_FRAMES}`);
});

test(`video mode picks up a hand filling 90% of the frame within ${PICKED_UP_BY + 1} frames, where MediaPipe's view alone does not`, async () => {
  for (const photo of CLOSE_HANDS) {
    const original = await decodeImageFile(sharedData(`finger-count-epsrc/testing_set/${photo}`));
    const hand = (await landmarker.detect(original)).hands[0];
    assert.ok(hand, `${photo}: the hand is found in the photo itself`);
    const closeUp = (await handFilling(0.9).make(original, hand.boundingBox))!;
    landmarker.resetTracking();
    const found: boolean[] = [];
    for (let frame = 0; frame < FRAMES; frame++) found.push((await landmarker.detectForVideo(closeUp, frame * 40)).handsDetected > 0);
    // The first search is MediaPipe's own view of the whole frame, which misses the hand.
    assert.equal(found[0], false, `${photo}: found on the first frame, so this close-up does not test the other scales`);
    const first = found.indexOf(true);
    assert.ok(first >= 0 && first <= PICKED_UP_BY, `${photo}: hand first found on frame ${first}`);
    assert.ok(found.slice(first).every(Boolean), `${photo}: once found, tracked on every frame (${found.join(' ')})`);
  }
});
