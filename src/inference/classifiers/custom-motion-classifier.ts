import type { ExtractionResult } from '../../extraction/hand-landmarker-result.js';
import type { CustomGestureModel } from '../custom/custom-gesture-models.js';
import { CUSTOM_CLASSIFIER_OF } from '../custom/gesture-kinds.js';
import { fingertipSample, motionFeatures, type FingertipSample } from '../custom/hand-samples.js';
import { recognizeCustom, type CustomMatch } from '../custom/recognize-custom.js';
import type { GestureClassifier } from '../gesture-classifier.js';
import { analyzeHands } from '../hand-analysis.js';
import type { InferenceResult } from '../inference-result.js';
import { PerHandState } from '../per-hand-state.js';
import { measured } from './measured.js';
import { customResult } from './custom-result.js';

/** A path must cover this share of the trained window before it is compared. */
const MIN_WINDOW_SHARE = 0.8;
const MIN_PATH_SAMPLES = 4;

/**
 * Recognises the moving gestures a user taught (fingertip paths, see `handflow gestures record --moving`):
 * each hand's index fingertip path over the trained time window, compared every frame.
 */
export class CustomMotionClassifier implements GestureClassifier {
  readonly name = CUSTOM_CLASSIFIER_OF.moving;
  readonly supportedGestures = ['custom'] as const;
  private readonly paths: PerHandState<FingertipSample[]>;
  private readonly windowMs: number;

  constructor(
    private readonly model: CustomGestureModel,
    trackGapMs: number,
  ) {
    this.paths = new PerHandState(() => [], trackGapMs);
    this.windowMs = model.windowMs ?? 1000;
  }

  get gestureNames(): readonly string[] {
    return this.model.learner.labelNames;
  }

  classify(extraction: ExtractionResult): InferenceResult {
    return measured(() => {
      const timestampMs = extraction.frameTimestamp;
      const paths = this.paths.forHands(extraction);
      const hands = analyzeHands(extraction).map((analyzed, index) => {
        const path = paths[index]!;
        path.push(fingertipSample(analyzed.hand, extraction.imageWidth, timestampMs));
        while (timestampMs - path[0]!.timestampMs > this.windowMs) path.shift();
        return { analyzed, match: this.recognize(path) };
      });
      return customResult(this.name, hands);
    });
  }

  reset(): void {
    this.paths.reset();
  }

  private recognize(path: FingertipSample[]): CustomMatch | undefined {
    const span = path.at(-1)!.timestampMs - path[0]!.timestampMs;
    if (path.length < MIN_PATH_SAMPLES || span < MIN_WINDOW_SHARE * this.windowMs) return undefined;
    return recognizeCustom(this.model, motionFeatures(path));
  }
}
