import { createInferenceResult, type InferenceResult, type InferenceResultFields } from '../inference-result.js';

/** Runs a classification and stamps the result with the time it took. */
export function measured(compute: () => InferenceResultFields): InferenceResult {
  const started = performance.now();
  const fields = compute();
  return createInferenceResult(fields, performance.now() - started);
}
