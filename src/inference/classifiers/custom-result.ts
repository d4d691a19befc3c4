import type { CustomMatch } from '../custom/recognize-custom.js';
import { handInference, rawOutput, type AnalyzedHand } from '../hand-analysis.js';
import type { InferenceResultFields } from '../inference-result.js';
import { surest } from './surest.js';

/** A custom classifier's frame result: the surest recognised hand's gesture, every hand's in the raw output. */
export function customResult(classifier: string, hands: { analyzed: AnalyzedHand; match: CustomMatch | undefined }[]): InferenceResultFields {
  const output = rawOutput(hands.map(({ analyzed, match }) => handInference(analyzed, match?.name ?? 'none')));
  const recognised = hands.flatMap(({ analyzed, match }) => (match === undefined ? [] : [{ score: analyzed.hand.confidence * match.confidence, match }]));
  const best = surest(recognised, ({ score }) => score);
  if (best === undefined) return { classifier, gestureType: 'none', confidence: hands.length > 0 ? 1 : 0, rawOutput: output };
  return { classifier, gestureType: 'custom', confidence: best.score, rawOutput: { ...output, gesture_name: best.match.name } };
}
