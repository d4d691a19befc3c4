import { FingerCountClassifier } from './classifiers/finger-count-classifier.js';
import { PinchClassifier } from './classifiers/pinch-classifier.js';
import { StaticGestureClassifier } from './classifiers/static-gesture-classifier.js';
import { SwipeClassifier } from './classifiers/swipe-classifier.js';
import type { GestureClassifier } from './gesture-classifier.js';
import { resolveInferenceConfig, type BuiltInClassifierName, type InferenceConfig, type InferenceOptions } from './inference-config.js';
import { InferenceEngine } from './inference-engine.js';

/** A built-in classifier made to the configuration. */
export function builtInClassifier(name: BuiltInClassifierName, config: InferenceConfig): GestureClassifier {
  switch (name) {
    case 'finger_count':
      return new FingerCountClassifier();
    case 'static':
      return new StaticGestureClassifier();
    case 'pinch':
      return new PinchClassifier(config.pinch, config.trackGapMs);
    case 'swipe':
      return new SwipeClassifier({ ...config.swipe, mirrored: config.mirrored }, config.trackGapMs);
    default:
      throw new Error(`unknown classifier ${name satisfies never}`);
  }
}

/** An engine with the configured built-in classifiers registered, options validated first. */
export function createInferenceEngine(options: InferenceOptions = {}): InferenceEngine {
  const config = resolveInferenceConfig(options);
  const { enabled, ...smoothing } = config.smoothing;
  const engine = new InferenceEngine({ debounce: config.debounce, trackGapMs: config.trackGapMs, ...(enabled ? { smoothing } : {}) });
  for (const name of new Set(config.classifiers)) engine.register(builtInClassifier(name, config));
  return engine;
}
