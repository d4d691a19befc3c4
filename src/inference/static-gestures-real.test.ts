import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { HandLandmarker } from '../extraction/hand-landmarker.js';
import { decodeImageFile } from '../ingestion/image-decoder.js';
import { sharedData } from '../testing/shared-data.js';
import { resolveInferenceConfig } from './inference-config.js';
import { StaticGestureClassifier } from './classifiers/static-gesture-classifier.js';

/** Real photos (HaGRID's class examples and MediaPipe's samples) and the gesture each shows. */
const EXPECTED: [string, string][] = [
  ['hagrid-tiles/like.png', 'thumbs_up'],
  ['hagrid-tiles/dislike.png', 'thumbs_down'],
  ['hagrid-tiles/fist.png', 'fist'],
  ['hagrid-tiles/palm.png', 'open_palm'],
  ['hagrid-tiles/stop.png', 'open_palm'],
  ['hagrid-tiles/stop_inverted.png', 'open_palm'],
  ['hagrid-tiles/peace.png', 'victory'],
  ['hagrid-tiles/peace_inverted.png', 'victory'],
  ['hagrid-tiles/one.png', 'pointing'],
  ['hagrid-tiles/ok.png', 'ok'],
  ['mediapipe-samples/thumb_up.jpg', 'thumbs_up'],
  ['mediapipe-samples/thumbs_up.png', 'thumbs_up'],
  // Poses that are none of the seven.
  ['hagrid-tiles/four.png', 'none'],
  ['hagrid-tiles/three.png', 'none'],
  ['hagrid-tiles/rock.png', 'none'],
  ['hagrid-tiles/two_up.png', 'none'],
];

let landmarker: HandLandmarker;
before(async () => {
  landmarker = await HandLandmarker.create();
});
after(async () => {
  await landmarker.close();
});

test('static gestures on real photos through the landmark engine', async () => {
  const classifier = new StaticGestureClassifier(resolveInferenceConfig().static, 300);
  const wrong: string[] = [];
  for (const [file, expected] of EXPECTED) {
    const result = classifier.classify(await landmarker.detect(await decodeImageFile(sharedData(file))));
    if (result.gestureType !== expected) wrong.push(`${file}: ${result.gestureType}, expected ${expected}`);
  }
  assert.deepEqual(wrong, []);
});
