import type { ExtractionResult, HandLandmarks } from '../../extraction/hand-landmarker-result.js';
import { handSize } from '../geometry/hand-size.js';
import type { GestureClassifier } from '../gesture-classifier.js';
import { SWIPE_GESTURES } from '../gesture-types.js';
import { analyzeHands, handInference, rawOutput } from '../hand-analysis.js';
import type { InferenceResult } from '../inference-result.js';
import { PerHandState } from '../per-hand-state.js';
import { SwipeDetector, type Swipe, type SwipeOptions } from '../swipe-detector.js';
import { measured } from './measured.js';
import { surest } from './surest.js';

export interface SwipeClassifierOptions extends SwipeOptions {
  /** How far from the frame's edges (a share of its size) the whole hand must be to swipe. */
  edgeMargin: number;
  /** The palm centre must be above this share of the frame's height to swipe: a hand resting low is not raised. */
  zoneBottom: number;
  /** A swipe is one hand's: another hand travelling this share of its distance meanwhile (hands rubbing, signing) makes it none. */
  maxOtherHandTravel: number;
}

/** Swipes left, right, up and down from each hand's palm path; one result per swipe, in the frame it ends. */
export class SwipeClassifier implements GestureClassifier {
  readonly name = 'swipe';
  readonly supportedGestures = SWIPE_GESTURES;
  readonly momentary = true;
  private readonly detectors: PerHandState<SwipeDetector>;

  constructor(
    private readonly options: SwipeClassifierOptions,
    trackGapMs: number,
  ) {
    this.detectors = new PerHandState(() => new SwipeDetector(options), trackGapMs);
  }

  classify(extraction: ExtractionResult): InferenceResult {
    return measured(() => {
      const hands = analyzeHands(extraction);
      const detectors = this.detectors.forHands(extraction);
      const found = hands.map((analyzed, index) =>
        detectors[index]!.update({
          timestampMs: extraction.frameTimestamp,
          centre: analyzed.hand.palmCenter,
          handSize: handSize(analyzed.points),
          inZone: clearOfEdges(analyzed.hand, this.options.edgeMargin) && analyzed.hand.palmCenter.y <= this.options.zoneBottom * extraction.imageHeight,
        }),
      );
      const swipes = found.map((swipe, index) => (swipe !== undefined && this.alone(swipe, detectors, index) ? swipe : undefined));
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

  /** Whether the other hands kept (nearly) still while this one swiped. */
  private alone(swipe: Swipe, detectors: readonly SwipeDetector[], index: number): boolean {
    const limit = this.options.maxOtherHandTravel * swipe.distance;
    return detectors.every((other, otherIndex) => otherIndex === index || other.travelSince(swipe.startedMs) < limit);
  }
}

/** Whether every landmark of the hand lies inside the frame, `margin` (a share of the frame) clear of its edges. */
function clearOfEdges(hand: HandLandmarks, margin: number): boolean {
  return hand.landmarks.every(({ x, y }) => x >= margin && x <= 1 - margin && y >= margin && y <= 1 - margin);
}
