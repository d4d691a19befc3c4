import type { ExtractionResult } from '../../extraction/hand-landmarker-result.js';
import type { GestureClassifier } from '../gesture-classifier.js';
import { analyzeHands, handInference, rawOutput } from '../hand-analysis.js';
import type { InferenceResult } from '../inference-result.js';
import { measured } from './measured.js';

/** Counts the fingers held out, all hands together; `none` when no hand is seen. */
export class FingerCountClassifier implements GestureClassifier {
  readonly name = 'finger_count';
  readonly supportedGestures = ['finger_count'] as const;

  classify(extraction: ExtractionResult): InferenceResult {
    return measured(() => {
      const hands = analyzeHands(extraction);
      const output = rawOutput(hands.map((hand) => handInference(hand, 'finger_count')));
      if (hands.length === 0) return { classifier: this.name, gestureType: 'none', confidence: 0, rawOutput: output };
      return {
        classifier: this.name,
        gestureType: 'finger_count',
        // As sure as the least sure hand: its presence, or its least certain finger.
        confidence: Math.min(...hands.map(({ hand, fingers }) => Math.min(hand.confidence, fingers.confidence))),
        rawOutput: output,
        fingerCount: hands.reduce((sum, { fingers }) => sum + fingers.count, 0),
      };
    });
  }
}
