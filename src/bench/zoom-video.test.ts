import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { HandLandmarker } from '../extraction/hand-landmarker.js';
import { FINAL_FILL, SETTLING_FRAMES, formatZoomVideo, measureZoomVideo } from './zoom-video.js';

/** The share of frames after the first few that must show a hand, from the first frame's size to 90% of the frame. */
const MIN_FRAMES_WITH_HAND = 0.99;

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
