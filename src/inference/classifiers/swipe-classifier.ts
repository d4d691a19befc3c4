import type { ExtractionResult } from '../../extraction/hand-landmarker-result.js';
import { handSize } from '../geometry/hand-size.js';
import type { GestureClassifier } from '../gesture-classifier.js';
import { SWIPE_GESTURES } from '../gesture-types.js';
import { analyzeHands, handInference, rawOutput } from '../hand-analysis.js';
import type { InferenceResult } from '../inference-result.js';
import { PerHandState } from '../per-hand-state.js';
import { SwipeDetector, type SwipeOptions } from '../swipe-detector.js';
import { measured } from './measured.js';
import { surest } from './surest.js';

/** Swipes left, right, up and down from each hand's palm path; one result per swipe, in the frame it ends. */
export class SwipeClassifier implements GestureClassifier {
  readonly name = 'swipe';
  readonly supportedGestures = SWIPE_GESTURES;
  readonly momentary = true;
  private readonly detectors: PerHandState<SwipeDetector>;

  constructor(options: SwipeOptions, trackGapMs: number) {
    this.detectors = new PerHandState(() => new SwipeDetector(options), trackGapMs);
  }

  classify(extraction: ExtractionResult): InferenceResult {
    return measured(() => {
      const hands = analyzeHands(extraction);
      const detectors = this.detectors.forHands(extraction);
      const swipes = hands.map((analyzed, index) =>
        detectors[index]!.update(extraction.frameTimestamp, analyzed.hand.palmCenter, handSize(analyzed.points)),
      );
      const output = rawOutput(hands.map((analyzed, index) => handInference(analyzed, swipes[index]?.gesture ?? 'none')));
      const fastest = surest(
        swipes.flatMap((swipe, index) => (swipe === undefined ? [] : [{ swipe, index }])),
        ({ swipe }) => swipe.velocity,
      );
      if (fastest === undefined) return { classifier: this.name, gestureType: 'none', confidence: hands.length > 0 ? 1 : 0, rawOutput: output };
      return {
        classifier: this.name,
        gestureType: fastest.swipe.gesture,
        confidence: hands[fastest.index]!.hand.confidence,
        rawOutput: output,
        gestureVelocity: fastest.swipe.velocity,
      };
    });
  }

  reset(): void {
    this.detectors.reset();
  }
}
