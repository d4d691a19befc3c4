import type { ExtractionResult, HandLandmarks } from '../extraction/hand-landmarker-result.js';
import { fingerStates, type FingerStates } from './finger-states.js';
import { handPoints } from './geometry/hand-points.js';
import type { Vector3 } from './geometry/vector3.js';
import type { HandInference, RawOutput } from './inference-result.js';

/** A hand with what every classifier needs of it. */
export interface AnalyzedHand {
  hand: HandLandmarks;
  /** Landmarks in image pixels, z in the same scale. */
  points: Vector3[];
  fingers: FingerStates;
}

export function analyzeHands(extraction: ExtractionResult): AnalyzedHand[] {
  return extraction.hands.map((hand) => {
    const points = handPoints(hand, extraction.imageWidth);
    return { hand, points, fingers: fingerStates(points) };
  });
}

/** A hand's entry in a classifier's raw output. */
export function handInference({ hand, fingers }: AnalyzedHand, gesture: string): HandInference {
  return { label: hand.handLabel, confidence: hand.confidence, fingers: fingers.count, finger_states: fingers.extended, gesture };
}

export function rawOutput(hands: HandInference[]): RawOutput {
  return { hands, hands_detected: hands.length };
}
