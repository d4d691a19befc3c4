import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';

import { HandLandmarker } from '../../extraction/hand-landmarker.js';
import { aslReferenceHand } from '../../inference/testing/reference-landmarks.js';
import { sharedData } from '../../testing/shared-data.js';
import { decodeFittedFrames, type FittedFrames } from './fitted-frames.js';
import { CHROMIUM, MediapipeInChromium } from './mediapipe-in-chromium.js';

const VIDEO = 'landmarks-reference/asl_hand.25fps.mp4';
/** The reference video's own size: its landmarks are in these pixels. */
const SOURCE = { width: 620, height: 1080 };
const FITTED = { width: 640, height: 480 };
const FRAMES = 20;
/**
 * Median distance allowed between an engine's landmarks and MediaPipe Hands' reference ones, in pixels of the
 * fitted frame (the video shrunk to 0.44): both engines, running the same models, come within 0.5 px; a hand
 * found in the wrong place, or by other models, is pixels away.
 */
const MEDIAN_ERROR_PX = 1.5;

/** Where a point of the source video lands in the fitted frame: scaled to fit, centred on black padding. */
function fitted([x, y]: readonly [number, number]): [number, number] {
  const scale = Math.min(FITTED.width / SOURCE.width, FITTED.height / SOURCE.height);
  return [x * scale + (FITTED.width - SOURCE.width * scale) / 2, y * scale + (FITTED.height - SOURCE.height * scale) / 2];
}

/** Per frame, the distances of a hand's landmarks from the reference's (the frame must have a hand). */
function errorsFromReference(hands: readonly ([number, number][] | null)[]): number[] {
  return hands.flatMap((hand, frame) => {
    if (hand === null) return [];
    return aslReferenceHand(frame).map((point, index) => {
      const [x, y] = fitted([point.x, point.y]);
      return Math.hypot(hand[index]![0] - x, hand[index]![1] - y);
    });
  });
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

describe('bench:compare measures two engines that really find the hand', { skip: existsSync(CHROMIUM) ? false : `${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium; .ci/run does)` }, () => {
  let frames: FittedFrames;
  let mediapipe: MediapipeInChromium;
  before(async () => {
    frames = await decodeFittedFrames(sharedData(VIDEO), FITTED.width, FITTED.height, FRAMES);
    mediapipe = await MediapipeInChromium.start(frames);
  });
  after(async () => {
    await mediapipe?.close();
  });

  test(`MediaPipe Tasks Vision in Chromium, on the @mediapipe/hands models, and handflow both find the signing hand where MediaPipe Hands put it, in the first ${FRAMES} frames`, async (t) => {
    const mediapipePass = await mediapipe.pass(1);
    const landmarker = await HandLandmarker.create({ maxHands: 1 });
    const handflowHands: ([number, number][] | null)[] = [];
    try {
      for (const frame of frames.frames) {
        const hand = (await landmarker.detectForVideo(frame.image, frame.timestampMs)).hands[0];
        handflowHands.push(hand ? hand.landmarks.map((point): [number, number] => [point.pixelX, point.pixelY]) : null);
      }
    } finally {
      await landmarker.close();
    }
    for (const [engine, hands] of [
      ['MediaPipe', mediapipePass.firstHands],
      ['handflow', handflowHands],
    ] as const) {
      const found = hands.filter((hand) => hand !== null).length;
      const error = median(errorsFromReference(hands));
      t.diagnostic(`${engine}: a hand in ${found} of ${hands.length} frames, median landmark error ${error.toFixed(2)} px`);
      assert.equal(found, FRAMES, `${engine} finds the hand in every frame`);
      assert.ok(error <= MEDIAN_ERROR_PX, `${engine}'s landmarks are ${error.toFixed(2)} px from the reference (median)`);
    }
  });
});
