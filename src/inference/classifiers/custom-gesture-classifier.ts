import type { ExtractionResult } from '../../extraction/hand-landmarker-result.js';
import type { CustomGestureModel } from '../custom/custom-gesture-models.js';
import { CUSTOM_CLASSIFIER_OF } from '../custom/gesture-kinds.js';
import { poseFeatures } from '../custom/hand-samples.js';
import { recognizeCustom } from '../custom/recognize-custom.js';
import type { GestureClassifier } from '../gesture-classifier.js';
import { analyzeHands } from '../hand-analysis.js';
import type { InferenceResult } from '../inference-result.js';
import { measured } from './measured.js';
import { customResult } from './custom-result.js';

/** Recognises the static gestures a user taught (see `handflow gestures`), on each hand. */
export class CustomGestureClassifier implements GestureClassifier {
  readonly name = CUSTOM_CLASSIFIER_OF.static;
  readonly supportedGestures = ['custom'] as const;

  constructor(private readonly model: CustomGestureModel) {}

  get gestureNames(): readonly string[] {
    return this.model.learner.labelNames;
  }

  classify(extraction: ExtractionResult): InferenceResult {
    return measured(() => {
      const hands = analyzeHands(extraction).map((analyzed) => ({ analyzed, match: recognizeCustom(this.model, poseFeatures(analyzed.hand)) }));
      return customResult(this.name, hands);
    });
  }
}
