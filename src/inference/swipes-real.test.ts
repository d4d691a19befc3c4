import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { HandLandmarker } from '../extraction/hand-landmarker.js';
import { decodeVideoFrames } from '../ingestion/video-decoder.js';
import { sharedData } from '../testing/shared-data.js';
import { createInferenceEngine } from './create-inference-engine.js';

let landmarker: HandLandmarker;
before(async () => {
  landmarker = await HandLandmarker.create();
});
after(async () => {
  await landmarker.close();
});

/** The swipes detected through a GIF of real people (video mode, frame timestamps), in order. */
async function swipesIn(file: string): Promise<string[]> {
  const engine = createInferenceEngine({ classifiers: ['swipe'] });
  landmarker.resetTracking();
  const swipes: string[] = [];
  for await (const frame of decodeVideoFrames(sharedData(file))) {
    const { events } = engine.process(await landmarker.detectForVideo(frame.image, frame.timestampMs));
    for (const event of events) if (event.type === 'detected') swipes.push(event.gesture);
  }
  return swipes;
}

test('swipe_left_right.gif: swipes left and right, none up or down', async (t) => {
  const swipes = await swipesIn('dynamic-gestures/swipe_left_right.gif');
  t.diagnostic(`swipes: ${swipes.join(', ')}`);
  assert.ok(swipes.includes('swipe_left') && swipes.includes('swipe_right'), swipes.join());
  assert.ok(!swipes.includes('swipe_up') && !swipes.includes('swipe_down'), swipes.join());
});

test('swipe_up_down.gif: swipes up and down, none left or right', async (t) => {
  const swipes = await swipesIn('dynamic-gestures/swipe_up_down.gif');
  t.diagnostic(`swipes: ${swipes.join(', ')}`);
  assert.ok(swipes.includes('swipe_up') && swipes.includes('swipe_down'), swipes.join());
  assert.ok(!swipes.includes('swipe_left') && !swipes.includes('swipe_right'), swipes.join());
});
