import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { decodeImageFile } from '../ingestion/image-decoder.js';
import { decodeVideoFrames } from '../ingestion/video-decoder.js';
import { sharedData } from '../testing/shared-data.js';
import { HandLandmarker } from './hand-landmarker.js';
import type { HandLandmarks } from './hand-landmarker-result.js';

type Keypoints = [number, number][];

function distance(a: [number, number], b: [number, number]): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1]);
}

function pixels(hand: HandLandmarks): Keypoints {
  return hand.landmarks.map((l) => [l.pixelX, l.pixelY]);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

describe('HandLandmarker on real images and video', () => {
  let landmarker: HandLandmarker;
  before(async () => {
    landmarker = await HandLandmarker.create();
  });
  after(async () => {
    await landmarker.close();
  });

  test('hands.jpg: finds exactly the two hands, every keypoint within 12 px of MediaPipe\'s golden values', async () => {
    const expected = JSON.parse(readFileSync(sharedData('landmarks-reference/hands.expected.json'), 'utf8')) as { hands: Keypoints[] };
    const result = await landmarker.detect(await decodeImageFile(sharedData('landmarks-reference/hands.jpg')));
    assert.equal(result.handsDetected, 2);
    for (const golden of expected.hands) {
      const hand = result.hands.map(pixels).sort((a, b) => distance(a[0]!, golden[0]!) - distance(b[0]!, golden[0]!))[0]!;
      const worst = Math.max(...golden.map((point, index) => distance(point, hand[index]!)));
      assert.ok(worst <= 12, `worst keypoint is ${worst.toFixed(1)} px from the golden value`);
    }
  });

  test('two_hands.jpg has two hands and the empty background has none', async () => {
    const twoHands = await landmarker.detect(await decodeImageFile(sharedData('mediapipe-samples/two_hands.jpg')));
    assert.equal(twoHands.handsDetected, 2);
    const background = await landmarker.detect(await decodeImageFile(sharedData('finger-count-epsrc/testing_set/0/imbk.jpg')));
    assert.equal(background.handsDetected, 0);
  });

  test('asl_hand video: tracks the hand in 99% of frames within MediaPipe\'s own tolerances', async () => {
    const reference = JSON.parse(readFileSync(sharedData('landmarks-reference/asl_hand.full.json'), 'utf8')) as [number, number, number][][];
    landmarker.resetTracking();
    const errors: number[] = [];
    let framesWithHand = 0;
    let framesWithinTolerance = 0;
    let frames = 0;
    for await (const frame of decodeVideoFrames(sharedData('landmarks-reference/asl_hand.25fps.mp4'))) {
      const result = await landmarker.detectForVideo(frame.image, frame.timestampMs);
      const golden = reference[frame.index]!;
      frames++;
      const hand = result.hands[0];
      if (!hand) continue;
      framesWithHand++;
      let withinTolerance = true;
      hand.landmarks.forEach((landmark, index) => {
        const [x, y] = golden[index]!;
        errors.push(Math.hypot(landmark.pixelX - x, landmark.pixelY - y));
        // Upstream's video test allows 22 px per coordinate.
        if (Math.abs(landmark.pixelX - x) > 22 || Math.abs(landmark.pixelY - y) > 22) withinTolerance = false;
      });
      if (withinTolerance) framesWithinTolerance++;
    }
    assert.equal(frames, reference.length);
    assert.ok(framesWithHand >= 0.99 * frames, `hand found in ${framesWithHand} of ${frames} frames`);
    assert.ok(framesWithinTolerance >= 0.99 * frames, `all keypoints within 22 px in ${framesWithinTolerance} of ${frames} frames`);
    assert.ok(median(errors) <= 4, `median keypoint error ${median(errors).toFixed(2)} px`);
  });

  test('finds a hand in at least 97% of the 400 single-hand finger-count photos', async () => {
    const folders = ['testing_set', 'validation_set'].flatMap((set) =>
      ['1', '2', '3', '4', '5'].map((count) => sharedData(`finger-count-epsrc/${set}/${count}`)),
    );
    const photos = folders.flatMap((folder) => readdirSync(folder).filter((name) => name.endsWith('.jpg')).map((name) => join(folder, name)));
    assert.equal(photos.length, 400);
    const missed: string[] = [];
    for (const photo of photos) {
      const result = await landmarker.detect(await decodeImageFile(photo));
      if (result.handsDetected === 0) missed.push(photo);
    }
    const found = photos.length - missed.length;
    assert.ok(found >= 0.97 * photos.length, `hands found in ${found} of 400 photos; missed: ${missed.slice(0, 20).join(', ')}`);
  });
});

describe('HandLandmarker with the palm detector on the caller\'s thread', () => {
  test('reads the same hands as with the detector on its own thread: photos with two hands, and a tracked video', async () => {
    const [threaded, inline] = await Promise.all([HandLandmarker.create(), HandLandmarker.create({}, { palmThread: false })]);
    try {
      const read = async (landmarker: HandLandmarker, image: Parameters<HandLandmarker['detect']>[0], timestampMs?: number) => {
        const result = timestampMs === undefined ? await landmarker.detect(image) : await landmarker.detectForVideo(image, timestampMs);
        return result.hands.map(pixels);
      };
      for (const photo of ['landmarks-reference/hands.jpg', 'mediapipe-samples/two_hands.jpg']) {
        const image = await decodeImageFile(sharedData(photo));
        const hands = await read(threaded, image);
        assert.equal(hands.length, 2, photo);
        assert.deepEqual(await read(inline, image), hands, photo);
      }
      let frames = 0;
      for await (const frame of decodeVideoFrames(sharedData('landmarks-reference/asl_hand.25fps.mp4'), { fitInto: { width: 640, height: 480 } })) {
        if (frames++ === 60) break;
        const hands = await read(threaded, frame.image, frame.timestampMs);
        assert.deepEqual(await read(inline, frame.image, frame.timestampMs), hands, `frame ${frame.index}`);
      }
    } finally {
      await Promise.all([threaded.close(), inline.close()]);
    }
  });
});
