import type { Anchor, Detection, Point } from './types.js';

export interface PalmDecodeOptions {
  /** Side of the square model input in pixels: the x/y/w/h scales of the raw outputs. */
  inputSize: number;
  /** Detections scoring below this (after the sigmoid) are dropped. */
  minScore: number;
  /** Raw logits are clamped to [-t, t] before the sigmoid. */
  scoreClippingThreshold: number;
  /** Keypoints per detection, each an (x, y) pair after the 4 box values. */
  numKeypoints: number;
}

/** The TensorsToDetectionsCalculator options of MediaPipe's palm_detection_cpu.pbtxt. */
export const PALM_DECODE_OPTIONS: Readonly<PalmDecodeOptions> = Object.freeze({
  inputSize: 192,
  minScore: 0.5,
  scoreClippingThreshold: 100,
  numKeypoints: 7,
});

/**
 * Ports TensorsToDetectionsCalculator as configured for the palm detector (reverse_output_order, so each
 * anchor's row is x, y, w, h then keypoint x, y pairs; all scales = input size; clipped sigmoid scores).
 * Returns the detections scoring at least minScore, in anchor order, normalised to the model input.
 *
 * Runs on every frame over all 2016 anchors, so it compares the clipped logit against logit(minScore)
 * (same test as sigmoid(score) >= minScore, since the sigmoid is increasing) and only decodes survivors.
 */
export function decodePalmDetections(
  rawBoxes: Float32Array,
  rawScores: Float32Array,
  anchors: readonly Anchor[],
  options: PalmDecodeOptions,
): Detection[] {
  const { inputSize: scale, minScore, scoreClippingThreshold: clip, numKeypoints } = options;
  const valuesPerAnchor = 4 + 2 * numKeypoints;
  if (rawScores.length < anchors.length || rawBoxes.length < anchors.length * valuesPerAnchor) {
    throw new RangeError(
      `palm outputs too short for ${anchors.length} anchors: ${rawBoxes.length} box values ` +
        `(need ${anchors.length * valuesPerAnchor}) and ${rawScores.length} scores`,
    );
  }
  const minLogit = Math.log(minScore / (1 - minScore));
  const detections: Detection[] = [];
  for (let i = 0; i < anchors.length; i++) {
    const logit = Math.min(Math.max(rawScores[i], -clip), clip);
    if (!(logit >= minLogit)) continue; // also drops NaN
    const anchor = anchors[i];
    const offset = i * valuesPerAnchor;
    const width = (rawBoxes[offset + 2] / scale) * anchor.width;
    const height = (rawBoxes[offset + 3] / scale) * anchor.height;
    // MediaPipe drops boxes with negative or NaN sizes, which the model can predict (b/171391719).
    if (!(width >= 0 && height >= 0)) continue;
    const xCenter = (rawBoxes[offset] / scale) * anchor.width + anchor.xCenter;
    const yCenter = (rawBoxes[offset + 1] / scale) * anchor.height + anchor.yCenter;
    const keypoints: Point[] = [];
    for (let k = 0; k < numKeypoints; k++) {
      const at = offset + 4 + 2 * k;
      keypoints.push({
        x: (rawBoxes[at] / scale) * anchor.width + anchor.xCenter,
        y: (rawBoxes[at + 1] / scale) * anchor.height + anchor.yCenter,
      });
    }
    detections.push({
      score: 1 / (1 + Math.exp(-logit)),
      box: { xMin: xCenter - width / 2, yMin: yCenter - height / 2, width, height },
      keypoints,
    });
  }
  return detections;
}
