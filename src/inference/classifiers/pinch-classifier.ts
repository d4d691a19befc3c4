import type { ExtractionResult } from '../../extraction/hand-landmarker-result.js';
import { fingerReach } from '../geometry/finger-reach.js';
import { FINGER_CHAINS, HandLandmark } from '../geometry/hand-landmark-index.js';
import { handSize } from '../geometry/hand-size.js';
import { pinchDistance } from '../geometry/pinch-distance.js';
import type { GestureClassifier } from '../gesture-classifier.js';
import { analyzeHands, handInference, rawOutput, type AnalyzedHand } from '../hand-analysis.js';
import type { InferenceResult } from '../inference-result.js';
import { PerHandState } from '../per-hand-state.js';
import { DeliberatePinch, type PinchOptions } from '../deliberate-pinch.js';
import { measured } from './measured.js';

/**
 * An index finger reaching less than this (metacarpal lengths, see `fingerReach`) is curled into the palm:
 * in a fist the thumb lies on it, close to its tip, but that is no pinch.
 */
const MIN_PINCHING_INDEX_REACH = 1.1;

/**
 * Reports `pinch` while a hand's thumb and index tips touch after closing deliberately (see DeliberatePinch),
 * per hand, and every frame the pinch distance (0-1, palm lengths) of the hand closest to pinching.
 */
export class PinchClassifier implements GestureClassifier {
  readonly name = 'pinch';
  readonly supportedGestures = ['pinch'] as const;
  private readonly pinches: PerHandState<DeliberatePinch>;

  constructor(options: PinchOptions, trackGapMs: number) {
    this.pinches = new PerHandState(() => new DeliberatePinch(options), trackGapMs);
  }

  classify(extraction: ExtractionResult): InferenceResult {
    return measured(() => {
      const hands = analyzeHands(extraction);
      const states = this.pinches.forHands(extraction);
      const pinches = hands.map((analyzed, index) => {
        const distance = pinchDistance(analyzed.points);
        const indexCurled = fingerReach(analyzed.points, FINGER_CHAINS.index) < MIN_PINCHING_INDEX_REACH;
        const pinching = states[index]!.update({
          timestampMs: extraction.frameTimestamp,
          distance: indexCurled ? 1 : distance,
          otherFingers: analyzed.fingers.extended.slice(2),
          centre: analyzed.hand.palmCenter,
          handSize: handSize(analyzed.points),
          otherHandGap: gapToOtherHands(analyzed, hands),
        });
        return { analyzed, distance, pinching };
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
    this.pinches.reset();
  }
}

/** How near another hand comes to this one's thumb and index tips, in this hand's palm lengths. */
function gapToOtherHands(hand: AnalyzedHand, hands: readonly AnalyzedHand[]): number {
  const tips = [hand.points[HandLandmark.THUMB_TIP]!, hand.points[HandLandmark.INDEX_TIP]!];
  const size = Math.max(handSize(hand.points), 1e-9);
  let nearest = Number.POSITIVE_INFINITY;
  for (const other of hands) {
    if (other === hand) continue;
    for (const point of other.points) for (const tip of tips) nearest = Math.min(nearest, Math.hypot(point.x - tip.x, point.y - tip.y) / size);
  }
  return nearest;
}
