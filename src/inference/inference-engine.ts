import { HandflowError } from '../core/errors.js';
import { createExtractionResult, type ExtractionResult } from '../extraction/hand-landmarker-result.js';
import type { GestureClassifier } from './gesture-classifier.js';
import type { GestureEvent, GestureState } from './gesture-events.js';
import { GestureDebouncer, type DebounceOptions, type DebounceTransition, type Observed } from './gesture-debouncer.js';
import { HandTrackIds } from './hand-tracks.js';
import type { InferenceResult } from './inference-result.js';
import { LandmarkSmoother } from './landmark-smoother.js';
import type { OneEuroParameters } from './one-euro-filter.js';

/** What the engine made of one frame. */
export interface InferenceFrame {
  timestampMs: number;
  /** Every classifier's result for this frame, in the order they were registered: continuous values every frame. */
  results: InferenceResult[];
  /** Changes only: lasting gestures that started or ended (debounced) and one-off gestures, this frame. */
  events: GestureEvent[];
  /** Smoothing and all classifiers together, in milliseconds. */
  inferenceLatencyMs: number;
}

export interface InferenceEngineOptions {
  /** Landmark smoothing for video frames; none when omitted. */
  smoothing?: OneEuroParameters;
  debounce: DebounceOptions;
  /** How long a hand may be unseen and still be the same hand, for smoothing. */
  trackGapMs: number;
}

interface Registered {
  classifier: GestureClassifier;
  debouncer: GestureDebouncer<GestureState>;
}

/**
 * Routes each frame's hands to every registered classifier (several run at once), optionally after smoothing
 * the landmarks, and turns their per-frame results into change events. Frames must come in timestamp order;
 * a timestamp that does not increase starts a new stream (still images are each their own).
 */
export class InferenceEngine {
  private readonly registered: Registered[] = [];
  private readonly tracks: HandTrackIds;
  private readonly smoother: LandmarkSmoother | undefined;
  private lastTimestampMs = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: InferenceEngineOptions) {
    this.tracks = new HandTrackIds(options.trackGapMs);
    this.smoother = options.smoothing && new LandmarkSmoother(options.smoothing);
  }

  get classifiers(): readonly GestureClassifier[] {
    return this.registered.map(({ classifier }) => classifier);
  }

  register(classifier: GestureClassifier): this {
    if (this.registered.some((entry) => entry.classifier.name === classifier.name)) {
      throw new HandflowError('INVALID_OPTION', `a classifier named "${classifier.name}" is already registered: give each a unique name`);
    }
    this.registered.push({ classifier, debouncer: new GestureDebouncer(this.debounceFor(classifier)) });
    return this;
  }

  /** Removes a classifier; false when none has that name. */
  unregister(name: string): boolean {
    const index = this.registered.findIndex((entry) => entry.classifier.name === name);
    if (index >= 0) this.registered.splice(index, 1);
    return index >= 0;
  }

  /**
   * Puts `classifiers` in place of those registered under `names`; the others keep their state, so a gesture
   * held meanwhile is not started again. A gesture under way with one replaced goes on when a classifier of the same
   * name still tells it apart (`gestureNames`); otherwise it ends. Returns those `ended` events.
   */
  replace(names: readonly string[], classifiers: readonly GestureClassifier[]): GestureEvent[] {
    const replaced = this.registered.filter((entry) => names.includes(entry.classifier.name));
    for (const { classifier } of replaced) this.unregister(classifier.name);
    const ended: GestureEvent[] = [];
    for (const { classifier, debouncer } of replaced) {
      const heir = classifiers.find((each) => each.name === classifier.name);
      const current = debouncer.current;
      if (heir !== undefined && current?.name !== undefined && heir.gestureNames?.includes(current.name) === true) {
        this.registered.push({ classifier: heir, debouncer });
        continue;
      }
      ended.push(...debouncer.flush(this.lastTimestampMs).map((transition) => toEvent(classifier.name, transition, 0)));
    }
    for (const classifier of classifiers) if (!this.registered.some((entry) => entry.classifier === classifier)) this.register(classifier);
    return ended;
  }

  process(extraction: ExtractionResult): InferenceFrame {
    const started = performance.now();
    const timestampMs = extraction.frameTimestamp;
    // Time going back starts a new stream (each still image is one): what was under way there has ended.
    const newStream = timestampMs <= this.lastTimestampMs;
    const endedStream = newStream ? this.finish(this.lastTimestampMs) : [];
    if (newStream) this.reset();
    this.lastTimestampMs = timestampMs;
    const frame = this.smoothed(extraction);
    const results = this.registered.map(({ classifier }) => classifier.classify(frame));
    const events = this.registered.flatMap((entry, index) => eventsOf(entry, results[index]!, timestampMs));
    return { timestampMs, results, events: [...endedStream, ...events], inferenceLatencyMs: performance.now() - started };
  }

  /** Ends the lasting gestures under way (at the end of a stream) and returns their `ended` events. */
  finish(timestampMs: number): GestureEvent[] {
    return this.registered.flatMap(({ classifier, debouncer }) =>
      debouncer.flush(timestampMs).map((transition) => toEvent(classifier.name, transition, 0)),
    );
  }

  /** Forgets every earlier frame, before a new stream. */
  reset(): void {
    this.lastTimestampMs = Number.NEGATIVE_INFINITY;
    this.tracks.reset();
    this.smoother?.keepOnly([]);
    for (const entry of this.registered) {
      entry.classifier.reset?.();
      entry.debouncer = new GestureDebouncer(this.debounceFor(entry.classifier));
    }
  }

  private debounceFor(classifier: GestureClassifier): DebounceOptions {
    const { debounce } = this.options;
    return { ...debounce, minHoldMs: Math.max(debounce.minHoldMs, classifier.minHoldMs ?? 0) };
  }

  private smoothed(extraction: ExtractionResult): ExtractionResult {
    const { smoother } = this;
    if (smoother === undefined || extraction.hands.length === 0) return extraction;
    const timestampMs = extraction.frameTimestamp;
    const ids = this.tracks.assign(extraction.hands.map((hand) => hand.palmCenter), timestampMs);
    smoother.keepOnly(this.tracks.liveIds());
    const hands = extraction.hands.map((hand, index) => smoother.smooth(hand, ids[index]!, timestampMs, extraction.imageWidth, extraction.imageHeight));
    const { extractionLatencyMs, frameTimestamp, imageWidth, imageHeight, timings } = extraction;
    return createExtractionResult({ hands, extractionLatencyMs, frameTimestamp, imageWidth, imageHeight, timings });
  }
}

/** What a result says in terms of events: a state to debounce, or for a momentary classifier a one-off. */
function eventsOf({ classifier, debouncer }: Registered, result: InferenceResult, timestampMs: number): GestureEvent[] {
  const state = observedState(result);
  if (!classifier.momentary) {
    return debouncer.update(state, result.confidence, timestampMs).map((transition) => toEvent(classifier.name, transition, result.confidence));
  }
  if (state === undefined) return [];
  const velocity = result.gestureVelocity === undefined ? {} : { velocity: result.gestureVelocity };
  return [{ type: 'detected', classifier: classifier.name, timestampMs, ...state.value, confidence: result.confidence, ...velocity }];
}

function toEvent(classifier: string, transition: DebounceTransition<GestureState>, confidence: number): GestureEvent {
  const base = { classifier, timestampMs: transition.timestampMs, ...transition.value };
  return transition.kind === 'started' ? { type: 'started', ...base, confidence } : { type: 'ended', ...base, heldMs: transition.heldMs };
}

/** The gesture a result shows, keyed so that a change of finger count or custom gesture is a change of state. */
function observedState(result: InferenceResult): Observed<GestureState> | undefined {
  if (result.gestureType === 'none') return undefined;
  const value: GestureState = { gesture: result.gestureType };
  if (result.gestureType === 'finger_count' && result.fingerCount !== undefined) value.fingerCount = result.fingerCount;
  if (result.rawOutput.gesture_name !== undefined) value.name = result.rawOutput.gesture_name;
  return { key: `${value.gesture}|${value.fingerCount ?? ''}|${value.name ?? ''}`, value };
}
