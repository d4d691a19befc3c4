import type { ExtractionResult } from '../../extraction/hand-landmarker-result.js';
import { handSize } from '../geometry/hand-size.js';
import type { GestureClassifier } from '../gesture-classifier.js';
import { STATIC_GESTURES } from '../gesture-types.js';
import { analyzeHands, handInference, rawOutput } from '../hand-analysis.js';
import type { HandInference, InferenceResult } from '../inference-result.js';
import { PalmSpeed } from '../palm-speed.js';
import { PerHandState } from '../per-hand-state.js';
import { recognizeStaticGesture } from '../static-gesture.js';
import { measured } from './measured.js';
import { surest } from './surest.js';

export interface StaticGestureOptions {
  /** A pose starts only once held this long, in milliseconds (frame time). */
  holdMs: number;
  /** A hand moving faster than this, in palm lengths per second, shows no pose: a thumb passing upwards is no thumbs up. */
  maxSpeed: number;
}

/** Each hand's finger states and static pose, as seen in this frame alone (no hold, no speed). */
export function posesInFrame(extraction: ExtractionResult): HandInference[] {
  return analyzeHands(extraction).map((analyzed) => handInference(analyzed, recognizeStaticGesture(analyzed.points, analyzed.fingers).gesture));
}

/**
 * Recognises fist, open palm, thumbs up and down, pointing, victory and ok on each hand held still. The frame's
 * gesture is the surest recognised one (hand presence times gesture confidence); every hand's is in the raw
 * output. A pose starts (as an event) once held for `holdMs`.
 */
export class StaticGestureClassifier implements GestureClassifier {
  readonly name = 'static';
  readonly supportedGestures = STATIC_GESTURES;
  readonly minHoldMs: number;
  private readonly speeds: PerHandState<PalmSpeed>;

  constructor(
    private readonly options: StaticGestureOptions,
    trackGapMs: number,
  ) {
    this.minHoldMs = options.holdMs;
    this.speeds = new PerHandState(() => new PalmSpeed(), trackGapMs);
  }

  classify(extraction: ExtractionResult): InferenceResult {
    return measured(() => {
      const hands = analyzeHands(extraction);
      const speeds = this.speeds.forHands(extraction);
      const matches = hands.map((analyzed, index) => {
        const seen = recognizeStaticGesture(analyzed.points, analyzed.fingers);
        const speed = speeds[index]!.update(extraction.frameTimestamp, analyzed.hand.palmCenter, handSize(analyzed.points));
        const match = speed <= this.options.maxSpeed ? seen : { gesture: 'none' as const, confidence: seen.confidence };
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

  reset(): void {
    this.speeds.reset();
  }
}
