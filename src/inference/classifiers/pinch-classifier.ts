import type { ExtractionResult } from '../../extraction/hand-landmarker-result.js';
import { fingerReach } from '../geometry/finger-reach.js';
import { FINGER_CHAINS } from '../geometry/hand-landmark-index.js';
import { pinchDistance } from '../geometry/pinch-distance.js';
import type { GestureClassifier } from '../gesture-classifier.js';
import { analyzeHands, handInference, rawOutput } from '../hand-analysis.js';
import type { InferenceResult } from '../inference-result.js';
import { PerHandState } from '../per-hand-state.js';
import { PinchLatch, type PinchThresholds } from '../pinch-latch.js';
import { measured } from './measured.js';

/**
 * An index finger reaching less than this (metacarpal lengths, see `fingerReach`) is curled into the palm:
 * in a fist the thumb lies on it, close to its tip, but that is no pinch.
 */
const MIN_PINCHING_INDEX_REACH = 1.1;

/**
 * Reports `pinch` while a hand's thumb and index tips touch, with hysteresis per hand, and every frame the
 * pinch distance (0-1, palm lengths) of the hand closest to pinching.
 */
export class PinchClassifier implements GestureClassifier {
  readonly name = 'pinch';
  readonly supportedGestures = ['pinch'] as const;
  private readonly latches: PerHandState<PinchLatch>;

  constructor(thresholds: PinchThresholds, trackGapMs: number) {
    this.latches = new PerHandState(() => new PinchLatch(thresholds), trackGapMs);
  }

  classify(extraction: ExtractionResult): InferenceResult {
    return measured(() => {
      const hands = analyzeHands(extraction);
      const latches = this.latches.forHands(extraction);
      const pinches = hands.map((analyzed, index) => {
        const distance = pinchDistance(analyzed.points);
        const indexCurled = fingerReach(analyzed.points, FINGER_CHAINS.index) < MIN_PINCHING_INDEX_REACH;
        return { analyzed, distance, pinching: latches[index]!.update(indexCurled ? 1 : distance) };
      });
      const output = rawOutput(pinches.map(({ analyzed, pinching }) => handInference(analyzed, pinching ? 'pinch' : 'none')));
      // A pinching hand first, otherwise the one closest to pinching.
      const closest = [...pinches].sort((a, b) => Number(b.pinching) - Number(a.pinching) || a.distance - b.distance)[0];
      if (closest === undefined) return { classifier: this.name, gestureType: 'none', confidence: 0, rawOutput: output };
      return {
        classifier: this.name,
        gestureType: closest.pinching ? 'pinch' : 'none',
        confidence: closest.analyzed.hand.confidence,
        rawOutput: output,
        pinchDistance: closest.distance,
      };
    });
  }

  reset(): void {
    this.latches.reset();
  }
}
