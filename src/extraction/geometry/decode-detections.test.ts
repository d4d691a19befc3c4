import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PALM_DECODE_OPTIONS, decodePalmDetections, type PalmDecodeOptions } from './decode-detections.js';
import { PALM_DETECTION_ANCHOR_OPTIONS, generateSsdAnchors } from './ssd-anchors.js';
import type { Anchor } from './types.js';
import { assertClose } from '../../testing/assert-close.js';

// Float32 tensors in, and sigmoids quoted to 7 digits: compare to 1e-6.
const TOLERANCE = 1e-6;

// One keypoint (6 values an anchor) keeps the hand arithmetic short; clipping at 1 makes it observable.
const OPTIONS: PalmDecodeOptions = { inputSize: 192, minScore: 0.5, scoreClippingThreshold: 1, numKeypoints: 1 };
const ANCHORS: Anchor[] = [
  { xCenter: 0.25, yCenter: 0.5, width: 1, height: 1 },
  { xCenter: 0.5, yCenter: 0.5, width: 1, height: 1 },
  { xCenter: 0.75, yCenter: 0.75, width: 0.5, height: 2 },
  { xCenter: 0.5, yCenter: 0.5, width: 1, height: 1 },
  { xCenter: 0.1, yCenter: 0.2, width: 1, height: 1 },
  { xCenter: 0.5, yCenter: 0.5, width: 1, height: 1 },
];
// prettier-ignore
const BOXES = new Float32Array([
  19.2, -9.6, 48, 96, 0, 0,     // 0: kept
  0, 0, 10, 10, 0, 0,           // 1: score too low
  19.2, 9.6, 96, 48, 9.6, 19.2, // 2: kept, clipped score, non-unit anchor
  0, 0, -10, 10, 0, 0,          // 3: negative width
  0, 0, 0, 0, 0, 0,             // 4: score exactly at the threshold
  0, 0, 10, 10, 0, 0,           // 5: NaN score
]);
const SCORES = new Float32Array([0.5, -1, 5, 3, 0, Number.NaN]);

test('decodes kept anchors relative to their anchor, in anchor order', () => {
  const detections = decodePalmDetections(BOXES, SCORES, ANCHORS, OPTIONS);
  assert.equal(detections.length, 3);
  const [first, second, third] = detections;

  // Anchor 0: sigmoid(0.5) = 1/(1+e^-0.5) = 0.6224593. Centre (19.2/192 + 0.25, -9.6/192 + 0.5) = (0.35, 0.45),
  // size (48/192, 96/192) = (0.25, 0.5), so xMin = 0.35 - 0.125 = 0.225, yMin = 0.45 - 0.25 = 0.2.
  assertClose(first?.score, 0.6224593, TOLERANCE);
  assertClose(first?.box.xMin, 0.225, TOLERANCE);
  assertClose(first?.box.yMin, 0.2, TOLERANCE);
  assertClose(first?.box.width, 0.25, TOLERANCE);
  assertClose(first?.box.height, 0.5, TOLERANCE);
  assertClose(first?.keypoints[0]?.x, 0.25, TOLERANCE);
  assertClose(first?.keypoints[0]?.y, 0.5, TOLERANCE);

  // Anchor 2: logit 5 clipped to 1 -> sigmoid(1) = 0.7310586. Offsets scale by the anchor size (0.5 x 2):
  // centre (0.1*0.5 + 0.75, 0.05*2 + 0.75) = (0.8, 0.85), size (0.5*0.5, 0.25*2) = (0.25, 0.5),
  // keypoint (0.05*0.5 + 0.75, 0.1*2 + 0.75) = (0.775, 0.95).
  assertClose(second?.score, 0.7310586, TOLERANCE);
  assertClose(second?.box.xMin, 0.8 - 0.125, TOLERANCE);
  assertClose(second?.box.yMin, 0.85 - 0.25, TOLERANCE);
  assertClose(second?.box.width, 0.25, TOLERANCE);
  assertClose(second?.box.height, 0.5, TOLERANCE);
  assertClose(second?.keypoints[0]?.x, 0.775, TOLERANCE);
  assertClose(second?.keypoints[0]?.y, 0.95, TOLERANCE);

  // Anchor 4: logit 0 gives exactly 0.5 = minScore, which MediaPipe keeps (it drops only score < min).
  assertClose(third?.score, 0.5, TOLERANCE);
  assertClose(third?.box.xMin, 0.1, TOLERANCE);
  assertClose(third?.box.yMin, 0.2, TOLERANCE);
  assertClose(third?.box.width, 0, TOLERANCE);
});

test('with the palm options, a hit on the first stride-16 anchor decodes 7 keypoints', () => {
  const anchors = generateSsdAnchors(PALM_DETECTION_ANCHOR_OPTIONS);
  const boxes = new Float32Array(2016 * 18);
  const scores = new Float32Array(2016).fill(-5);
  scores[1152] = 2;
  boxes.set([0, 0, 96, 96, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 19.2, -19.2], 1152 * 18);
  const [palm, ...rest] = decodePalmDetections(boxes, scores, anchors, PALM_DECODE_OPTIONS);
  assert.equal(rest.length, 0);
  // Anchor 1152 sits at (0.5/12, 0.5/12) with unit size; the box is 0.5 x 0.5 around it.
  assertClose(palm?.box.xMin, 0.5 / 12 - 0.25, TOLERANCE);
  assertClose(palm?.box.width, 0.5, TOLERANCE);
  assert.equal(palm?.keypoints.length, 7);
  assertClose(palm?.keypoints[6]?.x, 0.5 / 12 + 0.1, TOLERANCE);
  assertClose(palm?.keypoints[6]?.y, 0.5 / 12 - 0.1, TOLERANCE);
});

test('outputs shorter than the anchors are rejected', () => {
  assert.throws(() => decodePalmDetections(BOXES.subarray(6), SCORES, ANCHORS, OPTIONS), RangeError);
  assert.throws(() => decodePalmDetections(BOXES, SCORES.subarray(1), ANCHORS, OPTIONS), RangeError);
});
