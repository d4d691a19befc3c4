import type { HandLandmarks } from '../../extraction/hand-landmarker-result.js';
import { HandLandmark } from '../geometry/hand-landmark-index.js';
import { handPoints } from '../geometry/hand-points.js';
import { handSize } from '../geometry/hand-size.js';
import { landmarkFeatures } from './landmark-features.js';
import { pathFeatures, resamplePath, type TimedPoint } from './path-features.js';

/** A static gesture's features from one hand's image landmarks. */
export function poseFeatures(hand: HandLandmarks): number[] {
  return landmarkFeatures(hand.landmarks.map((landmark) => ({ x: landmark.pixelX, y: landmark.pixelY })));
}

/** Where the index fingertip was at a moment, in pixels, with the hand's palm length then. */
export interface FingertipSample extends TimedPoint {
  handSize: number;
}

export function fingertipSample(hand: HandLandmarks, imageWidth: number, timestampMs: number): FingertipSample {
  const tip = hand.landmarks[HandLandmark.INDEX_TIP]!;
  return { x: tip.pixelX, y: tip.pixelY, timestampMs, handSize: handSize(handPoints(hand, imageWidth)) };
}

/** A moving gesture's features: the fingertip path evenly resampled in time, in palm lengths from its start. */
export function motionFeatures(samples: readonly FingertipSample[]): number[] {
  const unit = samples.reduce((sum, sample) => sum + sample.handSize, 0) / Math.max(1, samples.length);
  return pathFeatures(resamplePath(samples), unit || 1);
}
