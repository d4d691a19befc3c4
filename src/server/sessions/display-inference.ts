import type { Logger } from 'pino';

import type { ExtractionResult } from '../../extraction/hand-landmarker-result.js';
import { createInferenceEngine, loadInferenceEngine } from '../../inference/create-inference-engine.js';
import type { InferenceEngine } from '../../inference/inference-engine.js';
import type { InferenceResult } from '../../inference/inference-result.js';

/** The classifiers the dashboard shows whatever the project: the finger count and the hand's pose. */
const SHOWN_CLASSIFIERS = ['finger_count', 'static'] as const;

/**
 * What the dashboard shows of each hand: finger count, pose and the user's custom gestures, whatever the
 * session's project runs. Custom gestures come from the gestures file once trained, and are picked up again
 * after each training (`reload`).
 */
export class DisplayInference {
  private engine: InferenceEngine;

  private constructor(
    private readonly gesturesFile: string,
    private readonly mirrored: boolean,
    private readonly log: Logger,
  ) {
    this.engine = createInferenceEngine({ classifiers: [...SHOWN_CLASSIFIERS], mirrored });
  }

  static async create(gesturesFile: string, mirrored: boolean, log: Logger): Promise<DisplayInference> {
    const display = new DisplayInference(gesturesFile, mirrored, log);
    await display.reload();
    return display;
  }

  /** Loads the custom gestures again; without a trained file the dashboard shows the built-in ones only. */
  async reload(): Promise<void> {
    try {
      this.engine = await loadInferenceEngine({ classifiers: [...SHOWN_CLASSIFIERS], mirrored: this.mirrored, customGestures: this.gesturesFile });
    } catch (error) {
      this.log.debug({ err: error }, 'custom gestures not shown');
      this.engine = createInferenceEngine({ classifiers: [...SHOWN_CLASSIFIERS], mirrored: this.mirrored });
    }
  }

  infer(extraction: ExtractionResult): readonly InferenceResult[] {
    return this.engine.process(extraction).results;
  }
}
