import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { Worker } from 'node:worker_threads';

import sharp from 'sharp';

import { HandflowError } from '../core/errors.js';
import type { RgbImage } from '../core/image.js';
import { decodeVideoFrames } from '../ingestion/video-decoder.js';
import { sharedData } from '../testing/shared-data.js';
import { HandLandmarker } from './hand-landmarker.js';
import type { ExtractionResult } from './hand-landmarker-result.js';
import type { Landmarker } from './landmarker.js';
import { ThreadedHandLandmarker } from './threaded-hand-landmarker.js';

/** The largest distance between two results' landmarks, in pixels, hand by hand (both must have the same hands). */
function largestShift(a: ExtractionResult, b: ExtractionResult): number {
  assert.equal(a.hands.length, b.hands.length);
  let largest = 0;
  a.hands.forEach((hand, index) => {
    assert.equal(hand.handLabel, b.hands[index]!.handLabel);
    hand.landmarks.forEach((point, landmark) => {
      const other = b.hands[index]!.landmarks[landmark]!;
      largest = Math.max(largest, Math.hypot(point.pixelX - other.pixelX, point.pixelY - other.pixelY));
    });
  });
  return largest;
}

async function trackVideo(landmarker: Landmarker, frames: readonly { image: RgbImage; timestampMs: number }[]): Promise<ExtractionResult[]> {
  const results: ExtractionResult[] = [];
  for (const frame of frames) results.push(await landmarker.detectForVideo(frame.image, frame.timestampMs));
  return results;
}

describe('a hand landmarker on a thread of its own', () => {
  test('finds the same hands as in this thread: the ASL clip tracked frame by frame, and a photo', async () => {
    const frames: { image: RgbImage; timestampMs: number }[] = [];
    for await (const frame of decodeVideoFrames(sharedData('landmarks-reference/asl_hand.25fps.mp4'))) frames.push({ image: frame.image, timestampMs: frame.timestampMs });
    const here = await HandLandmarker.create();
    const threaded = await ThreadedHandLandmarker.create();
    try {
      const [expected, actual] = [await trackVideo(here, frames), await trackVideo(threaded, frames)];
      const shifts = expected.map((result, index) => largestShift(result, actual[index]!));
      assert.ok(Math.max(...shifts) < 0.01, `landmarks moved by up to ${Math.max(...shifts)} px`);
      assert.ok(actual.filter((result) => result.hands.length > 0).length > 300, 'the hand is found in the clip');

      const photo = sharedData('hagrid-tiles/palm.png');
      const { data, info } = await sharp(readFileSync(photo)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      const image = { data: new Uint8Array(data), width: info.width, height: info.height };
      const [still, stillThreaded] = [await here.detect(image), await threaded.detect(image)];
      assert.equal(stillThreaded.hands.length, 1);
      assert.equal(largestShift(still, stillThreaded), 0);
      assert.equal(stillThreaded.getHand(still.hands[0]!.handLabel), stillThreaded.hands[0]);
    } finally {
      await Promise.all([here.close(), threaded.close()]);
    }
  });

  test('once closed, refuses frames with MODEL_LOAD_FAILED, and its thread is gone', async () => {
    const threaded = await ThreadedHandLandmarker.create();
    await threaded.close();
    await assert.rejects(threaded.detect({ data: new Uint8Array(3 * 4 * 4), width: 4, height: 4 }), (error: unknown) => error instanceof HandflowError && error.code === 'MODEL_LOAD_FAILED');
  });

  test('a thread that has died (out of memory, killed) fails the frame under way, refuses the next, and closes at once', { timeout: 10_000 }, async () => {
    const threaded = await ThreadedHandLandmarker.create();
    const under = threaded.detect({ data: new Uint8Array(3 * 640 * 480), width: 640, height: 480 });
    await (Reflect.get(threaded, 'worker') as Worker).terminate();
    await assert.rejects(under, /the hand landmarker's thread has stopped/);
    await assert.rejects(threaded.detect({ data: new Uint8Array(3 * 4 * 4), width: 4, height: 4 }), /the hand landmarker's thread has stopped/);
    const startedAt = performance.now();
    await threaded.close();
    assert.ok(performance.now() - startedAt < 1000, `close took ${performance.now() - startedAt} ms`);
  });

  test('a bad option fails at creation with the thread\'s own error code, not a crash', async () => {
    await assert.rejects(ThreadedHandLandmarker.create({ maxHands: 0 }), (error: unknown) => error instanceof HandflowError && error.code === 'INVALID_OPTION');
  });
});
