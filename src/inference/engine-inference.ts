import type { ExtractionResult } from '../extraction/hand-landmarker-result.js';
import type { InferenceEngine } from './inference-engine.js';
import type { InferenceOutput, InferenceStage } from './inference-stage.js';

/** The inference stage on issue 4's engine: every registered classifier's result, and the gesture events. */
export class EngineInference implements InferenceStage {
  constructor(private readonly engine: InferenceEngine) {}

  infer(extraction: ExtractionResult): InferenceOutput {
    const frame = this.engine.process(extraction);
    return { results: frame.results.map((result) => result.toDict()), events: frame.events };
  }
}
