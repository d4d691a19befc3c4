import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HandLandmark } from '../geometry/hand-landmark-index.js';
import { syntheticExtraction, syntheticHandLandmarks } from '../testing/synthetic-extraction.js';
import { syntheticHand, transformHand } from '../testing/synthetic-hand.js';
import { resolveInferenceConfig } from '../inference-config.js';
import { PinchClassifier } from './pinch-classifier.js';

/** An open hand whose thumb tip is `gap` px (palm lengths / 100) from its index tip. */
function handWithGap(gap: number) {
  const points = transformHand(syntheticHand({ extended: [true, true, true, true, true] }), {}, { x: 320, y: 300, z: 0 });
  const tip = points[HandLandmark.INDEX_TIP]!;
  points[HandLandmark.THUMB_TIP] = { x: tip.x - gap, y: tip.y, z: tip.z };
  return syntheticHandLandmarks(points);
}

const PINCH = resolveInferenceConfig().pinch;

test('pinch starts under 0.2 palm lengths and holds until over 0.3; the distance is there every frame', () => {
  const classifier = new PinchClassifier(PINCH, 300);
  // The open hand is seen for 264 ms (still) before its tips close.
  const gaps = [50, 50, 50, 50, 50, 50, 50, 50, 50, 25, 15, 25, 29, 35, 25];
  const results = gaps.map((gap, frame) => classifier.classify(syntheticExtraction([handWithGap(gap)], frame * 33)));
  assert.deepEqual(results.slice(8).map((result) => result.gestureType), ['none', 'none', 'pinch', 'pinch', 'pinch', 'none', 'none']);
  assert.deepEqual(results.slice(8).map((result) => result.pinchDistance), [0.5, 0.25, 0.15, 0.25, 0.29, 0.35, 0.25]);
});

test('a fist, whose thumb lies near the curled index tip, is no pinch', () => {
  const classifier = new PinchClassifier(PINCH, 300);
  const points = transformHand(syntheticHand({ extended: [false, false, false, false, false] }), {}, { x: 320, y: 300, z: 0 });
  points[HandLandmark.THUMB_TIP] = { ...points[HandLandmark.INDEX_TIP]!, x: points[HandLandmark.INDEX_TIP]!.x + 5 };
  const result = classifier.classify(syntheticExtraction([syntheticHandLandmarks(points)], 0));
  assert.equal(result.gestureType, 'none');
  assert.ok(result.pinchDistance! < 0.1);
});
