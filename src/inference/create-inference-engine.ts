import { HandflowError } from '../core/errors.js';
import { CustomGestureClassifier } from './classifiers/custom-gesture-classifier.js';
import { CustomMotionClassifier } from './classifiers/custom-motion-classifier.js';
import { FingerCountClassifier } from './classifiers/finger-count-classifier.js';
import { PinchClassifier } from './classifiers/pinch-classifier.js';
import { StaticGestureClassifier } from './classifiers/static-gesture-classifier.js';
import { SwipeClassifier } from './classifiers/swipe-classifier.js';
import { loadCustomGestures } from './custom/custom-gesture-models.js';
import type { GestureClassifier } from './gesture-classifier.js';
import { resolveInferenceConfig, type BuiltInClassifierName, type InferenceConfig, type InferenceOptions } from './inference-config.js';
import { InferenceEngine } from './inference-engine.js';

/** A built-in classifier made to the configuration. */
export function builtInClassifier(name: BuiltInClassifierName, config: InferenceConfig): GestureClassifier {
  switch (name) {
    case 'finger_count':
      return new FingerCountClassifier();
    case 'static':
      return new StaticGestureClassifier(config.static, config.trackGapMs);
    case 'pinch':
      return new PinchClassifier(config.pinch, config.trackGapMs);
    case 'swipe':
      return new SwipeClassifier({ ...config.swipe, mirrored: config.mirrored }, config.trackGapMs);
    default:
      throw new Error(`unknown classifier ${name satisfies never}`);
  }
}

/**
 * An engine with the configured built-in classifiers registered, options validated first (a bad setting
 * throws INVALID_OPTION naming it). Custom gestures need their file read: use {@link loadInferenceEngine}.
 */
export function createInferenceEngine(options: InferenceOptions = {}): InferenceEngine {
  return engineFor(resolveInferenceConfig(options));
}

/**
 * {@link createInferenceEngine} plus, when `customGestures` names a gestures file, the custom gesture
 * classifiers it trained. A missing, corrupt or untrained file throws a HandflowError saying what to do.
 */
export async function loadInferenceEngine(options: InferenceOptions = {}): Promise<InferenceEngine> {
  const config = resolveInferenceConfig(options);
  const engine = engineFor({ ...config, customGestures: undefined });
  if (config.customGestures !== undefined) {
    for (const classifier of await loadCustomClassifiers(config.customGestures, config.trackGapMs)) engine.register(classifier);
  }
  return engine;
}

/** The classifiers of the gestures a file trained. @throws HandflowError for a missing, corrupt or untrained file. */
export async function loadCustomClassifiers(file: string, trackGapMs: number): Promise<GestureClassifier[]> {
  const models = await loadCustomGestures(file);
  return [
    ...(models.static ? [new CustomGestureClassifier(models.static)] : []),
    ...(models.moving ? [new CustomMotionClassifier(models.moving, trackGapMs)] : []),
  ];
}

function engineFor(config: InferenceConfig): InferenceEngine {
  if (config.customGestures !== undefined) {
    throw new HandflowError('INVALID_OPTION', 'inference.customGestures names a file to read: create the engine with loadInferenceEngine');
  }
  const { enabled, ...smoothing } = config.smoothing;
  const engine = new InferenceEngine({ debounce: config.debounce, trackGapMs: config.trackGapMs, ...(enabled ? { smoothing } : {}) });
  for (const name of new Set(config.classifiers)) engine.register(builtInClassifier(name, config));
  return engine;
}
