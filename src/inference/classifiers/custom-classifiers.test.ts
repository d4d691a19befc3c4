import assert from 'node:assert/strict';
import { test } from 'node:test';
import { customGestureModels } from '../custom/custom-gesture-models.js';
import { emptyGesturesFile } from '../custom/gestures-file.js';
import { fingertipSample, motionFeatures, poseFeatures } from '../custom/hand-samples.js';
import { trainGestures } from '../custom/train-gestures.js';
import { HandLandmark } from '../geometry/hand-landmark-index.js';
import type { Vector3 } from '../geometry/vector3.js';
import { syntheticExtraction, syntheticHandLandmarks } from '../testing/synthetic-extraction.js';
import { syntheticHand, transformHand } from '../testing/synthetic-hand.js';
import { CustomGestureClassifier } from './custom-gesture-classifier.js';
import { CustomMotionClassifier } from './custom-motion-classifier.js';

const pose = (fingers: string, degrees = 0) =>
  syntheticHandLandmarks(transformHand(syntheticHand({ extended: [...fingers].map((bit) => bit === '1') }), { z: degrees }, { x: 320, y: 300, z: 0 }));

test('a taught static gesture is recognised turned and on either hand; an untaught pose is no custom gesture', () => {
  const taught = (fingers: string) => [-20, -10, 0, 10, 20].map((degrees) => poseFeatures(pose(fingers, degrees)));
  const file = trainGestures({
    ...emptyGesturesFile(),
    gestures: [
      { name: 'rock_on', kind: 'static', samples: taught('01001') },
      { name: 'three', kind: 'static', samples: taught('01110') },
    ],
  });
  const classifier = new CustomGestureClassifier(customGestureModels(file, 'test').static!);
  const rockOn = classifier.classify(syntheticExtraction([pose('01001', 75)], 0));
  assert.equal(rockOn.gestureType, 'custom');
  assert.equal(rockOn.rawOutput.gesture_name, 'rock_on');
  assert.deepEqual(rockOn.rawOutput.hands.map((hand) => hand.gesture), ['rock_on']);
  const mirrored = syntheticHandLandmarks(transformHand(syntheticHand({ extended: [false, true, true, true, false] }), { y: 180 }, { x: 320, y: 300, z: 0 }), 'Left');
  assert.equal(classifier.classify(syntheticExtraction([mirrored], 0)).rawOutput.gesture_name, 'three');
  const untaught = classifier.classify(syntheticExtraction([pose('00000')], 0));
  assert.equal(untaught.gestureType, 'none');
  assert.equal(untaught.rawOutput.gesture_name, undefined);
});

/** An open hand whose index tip is moved along a path, one frame every 40 ms. */
function tracing(path: (fraction: number) => { x: number; y: number }, frames: number, startMs = 0) {
  return Array.from({ length: frames }, (_, frame) => {
    const points: Vector3[] = transformHand(syntheticHand({ extended: [true, true, true, true, true] }), {}, { x: 320, y: 300, z: 0 });
    const { x, y } = path(frame / (frames - 1));
    points[HandLandmark.INDEX_TIP] = { x, y, z: 0 };
    return syntheticExtraction([syntheticHandLandmarks(points)], startMs + frame * 40);
  });
}

const circle = (direction: 1 | -1) => (fraction: number) => ({
  x: 320 + 60 * Math.cos(direction * 2 * Math.PI * fraction),
  y: 120 + 60 * Math.sin(direction * 2 * Math.PI * fraction),
});

test('a taught fingertip path is recognised once the trained window has been drawn', () => {
  const recorded = (path: (fraction: number) => { x: number; y: number }) => {
    const samples = tracing(path, 25).map((frame) => fingertipSample(frame.hands[0]!, frame.imageWidth, frame.frameTimestamp));
    return motionFeatures(samples);
  };
  const file = trainGestures({
    ...emptyGesturesFile(),
    gestures: [
      { name: 'clockwise', kind: 'moving', samples: [recorded(circle(1))], durationsMs: [960] },
      { name: 'anticlockwise', kind: 'moving', samples: [recorded(circle(-1))], durationsMs: [960] },
    ],
  });
  const classifier = new CustomMotionClassifier(customGestureModels(file, 'test').moving!, 300);
  const results = tracing(circle(-1), 25).map((frame) => classifier.classify(frame));
  assert.equal(results[5]!.gestureType, 'none', 'too little of the path yet');
  assert.equal(results.at(-1)!.rawOutput.gesture_name, 'anticlockwise');
});
