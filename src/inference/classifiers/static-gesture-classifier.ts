import type { ExtractionResult } from '../../extraction/hand-landmarker-result.js';
import type { GestureClassifier } from '../gesture-classifier.js';
import { STATIC_GESTURES } from '../gesture-types.js';
import { analyzeHands, handInference, rawOutput } from '../hand-analysis.js';
import type { InferenceResult } from '../inference-result.js';
import { recognizeStaticGesture } from '../static-gesture.js';
import { measured } from './measured.js';
import { surest } from './surest.js';

/**
 * Recognises fist, open palm, thumbs up and down, pointing, victory and ok on each hand. The frame's gesture is
 * the surest recognised one (hand presence times gesture confidence); every hand's is in the raw output.
 */
export class StaticGestureClassifier implements GestureClassifier {
  readonly name = 'static';
  readonly supportedGestures = STATIC_GESTURES;

  classify(extraction: ExtractionResult): InferenceResult {
    return measured(() => {
      const matches = analyzeHands(extraction).map((analyzed) => {
        const match = recognizeStaticGesture(analyzed.points, analyzed.fingers);
        return { analyzed, match, score: analyzed.hand.confidence * match.confidence };
      });
      const output = rawOutput(matches.map(({ analyzed, match }) => handInference(analyzed, match.gesture)));
      const best = surest(
        matches.filter(({ match }) => match.gesture !== 'none'),
        ({ score }) => score,
      );
      // With no gesture recognised, the confidence is how sure the surest hand is of its fingers.
      return best === undefined
        ? { classifier: this.name, gestureType: 'none', confidence: Math.max(0, ...matches.map(({ score }) => score)), rawOutput: output }
        : { classifier: this.name, gestureType: best.match.gesture, confidence: best.score, rawOutput: output };
    });
  }
}
