import { errorMessage } from '../core/errors.js';
import type { ExtractionResult } from '../extraction/hand-landmarker-result.js';
import { loadCustomClassifiers, loadInferenceEngine } from './create-inference-engine.js';
import { CUSTOM_CLASSIFIER_NAMES } from './custom/gesture-kinds.js';
import { Engagement, type EngagementOptions } from './engagement.js';
import { engagementHands } from './engagement-hands.js';
import { resolveInferenceConfig, type InferenceOptions } from './inference-config.js';
import type { GestureClassifier } from './gesture-classifier.js';
import type { GestureEvent } from './gesture-events.js';
import type { InferenceEngine } from './inference-engine.js';
import type { InferenceOutput, InferenceStage } from './inference-stage.js';

export interface EngineInferenceOptions {
  /** The engine's settings: classifiers, smoothing, debounce, pinch and swipe, `mirrored`. */
  readonly engine: Omit<InferenceOptions, 'customGestures'>;
  /**
   * A gestures file whose custom gestures run too. `required`: a file that cannot be used fails the start;
   * otherwise the session runs without them (`onUnavailable` is told why) until `reload` finds them trained.
   */
  readonly customGestures?: { readonly file: string; readonly required: boolean; readonly onUnavailable?: (reason: string) => void };
  /** The classifiers whose gesture events are reported; the others give their results only. Defaults to all. */
  readonly reporting?: readonly string[];
  /** Engagement to follow (the gestures acted on keep it alive); none when omitted. */
  readonly engagement?: EngagementOptions;
}

/**
 * The inference stage on one engine: every classifier's result on every frame (what a display shows), and the
 * gesture events of the reporting classifiers (what a project acts on), both from the same smoothed hands.
 */
export class EngineInference implements InferenceStage {
  private readonly engagement: Engagement | undefined;
  /** The `ended` events of custom gestures a reload took away, told with the next frame's. */
  private readonly endedByReload: GestureEvent[] = [];
  private reloads = 0;

  private constructor(
    private readonly engine: InferenceEngine,
    private readonly options: EngineInferenceOptions,
  ) {
    this.engagement = options.engagement && new Engagement(options.engagement);
  }

  /** @throws HandflowError when a required gestures file cannot be used, or a setting is wrong. */
  static async create(options: EngineInferenceOptions): Promise<EngineInference> {
    return new EngineInference(await engineFor(options), options);
  }

  infer(extraction: ExtractionResult): InferenceOutput {
    const frame = this.engine.process(extraction);
    // A frame after a reload only: no array is made for the others.
    const all = this.endedByReload.length === 0 ? frame.events : [...this.endedByReload.splice(0), ...frame.events];
    const { reporting } = this.options;
    const events = reporting === undefined ? all : all.filter((event) => reporting.includes(event.classifier));
    const output = {
      results: frame.results.map((result) => result.toDict()),
      classifiers: frame.results.map((result) => result.classifier),
      events,
    };
    const { engagement } = this;
    if (engagement === undefined) return output;
    engagement.update(frame.timestampMs, engagementHands(extraction, this.options.engine.mirrored ?? false), events.some((event) => event.type !== 'ended'));
    return { ...output, engaged: engagement.engaged };
  }

  /**
   * Reads the custom gestures again (after training, or a gesture removed). Only the custom classifiers change:
   * the built-in ones keep their state, so a gesture held meanwhile is not started (and acted on) again, and a
   * custom gesture under way ends with the next frame. A file that cannot be used now leaves the session without
   * custom gestures (`onUnavailable` is told why), even a required one: the session is not to go on acting on
   * gestures its file no longer holds.
   */
  async reload(): Promise<void> {
    const { customGestures, engine } = this.options;
    if (customGestures === undefined) return;
    const reload = ++this.reloads;
    let classifiers: GestureClassifier[] = [];
    let unavailable: string | undefined;
    try {
      classifiers = await loadCustomClassifiers(customGestures.file, resolveInferenceConfig(engine).trackGapMs);
    } catch (error) {
      unavailable = errorMessage(error);
    }
    // Reloads overlap when the file changes twice in quick succession: the last one read it last.
    if (reload !== this.reloads) return;
    if (unavailable !== undefined) customGestures.onUnavailable?.(unavailable);
    this.endedByReload.push(...this.engine.replace(CUSTOM_CLASSIFIER_NAMES, classifiers));
  }
}

async function engineFor({ engine, customGestures }: EngineInferenceOptions): Promise<InferenceEngine> {
  if (customGestures === undefined) return loadInferenceEngine(engine);
  try {
    return await loadInferenceEngine({ ...engine, customGestures: customGestures.file });
  } catch (error) {
    if (customGestures.required) throw error;
    customGestures.onUnavailable?.(errorMessage(error));
    return loadInferenceEngine(engine);
  }
}
