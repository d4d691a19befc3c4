import type { CustomGestureModel } from './custom-gesture-models.js';

/** A custom gesture recognised in some features. */
export interface CustomMatch {
  name: string;
  /** The share of neighbours agreeing. */
  confidence: number;
}

/**
 * The custom gesture these features show, if any: the learner's label when most of the neighbours agree and
 * the features are within the trained reject distance of that gesture's samples; otherwise none.
 */
export function recognizeCustom(model: CustomGestureModel, features: readonly number[]): CustomMatch | undefined {
  const prediction = model.learner.predict(features);
  if (prediction.confidence <= 0.5 || prediction.distance > model.rejectDistance) return undefined;
  return { name: prediction.label, confidence: prediction.confidence };
}
