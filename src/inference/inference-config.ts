import { z } from 'zod';

import { parseSettings } from '../core/settings.js';

/** The classifiers handflow has built in, by name. */
export const BUILT_IN_CLASSIFIERS = ['finger_count', 'static', 'pinch', 'swipe'] as const;
export type BuiltInClassifierName = (typeof BUILT_IN_CLASSIFIERS)[number];

/**
 * How gestures are inferred from hands. Every field is optional where
 * it is given; {@link resolveInferenceConfig} fills the defaults documented here.
 */
export const inferenceConfigSchema = z.strictObject({
  /** The built-in classifiers to run, all at once on every frame. Defaults to all four. */
  classifiers: z.array(z.enum(BUILT_IN_CLASSIFIERS)).default([...BUILT_IN_CLASSIFIERS]),
  /** A gestures file of custom gestures to load at start (see `handflow gestures`). Defaults to none. */
  customGestures: z.string().min(1).optional(),
  /** The frames are mirrored selfie views: swipes left and right are then image left and right. Defaults to false. */
  mirrored: z.boolean().default(false),
  /** A hand unseen for longer than this is a new hand when it comes back (pinch and swipe state). Defaults to 300 ms. */
  trackGapMs: z.number().min(0).max(10_000).default(300),
  /** One Euro filtering of the landmarks before classification (video only: still images are never smoothed). */
  smoothing: z
    .strictObject({
      /** Defaults to on. */
      enabled: z.boolean().default(true),
      /** Cutoff frequency when the hand is still, in Hz: lower is steadier. Defaults to 0.05 (MediaPipe's). */
      minCutoff: z.number().positive().max(1000).default(0.05),
      /** How fast the cutoff rises with speed (hand sizes per second): higher lags less. Defaults to 80 (MediaPipe's). */
      beta: z.number().min(0).max(100_000).default(80),
      /** Cutoff frequency of the speed estimate, in Hz. Defaults to 1. */
      derivativeCutoff: z.number().positive().max(1000).default(1),
    })
    .prefault({}),
  /** When a lasting gesture is reported started and ended. */
  debounce: z
    .strictObject({
      /** Frames in a row a gesture must be seen before it starts. Defaults to 3. */
      minHoldFrames: z.number().int().min(1).max(1000).default(3),
      /** And for at least this long, in frame time. Defaults to 100 ms. */
      minHoldMs: z.number().min(0).max(60_000).default(100),
      /** Frames in a row without the gesture before it ends. Defaults to 3. */
      releaseFrames: z.number().int().min(1).max(1000).default(3),
      /** Confidence a gesture needs to start. Defaults to 0.6. */
      startConfidence: z.number().min(0).max(1).default(0.6),
      /** Confidence under which a started gesture counts as unseen. Defaults to 0.5. */
      holdConfidence: z.number().min(0).max(1).default(0.5),
    })
    .refine((debounce) => debounce.holdConfidence <= debounce.startConfidence, {
      message: 'holdConfidence must not be above startConfidence',
      path: ['holdConfidence'],
    })
    .prefault({}),
  /** Pinch thresholds on the thumb-to-index distance in palm lengths. */
  pinch: z
    .strictObject({
      /** A pinch starts below this. Defaults to 0.2. */
      start: z.number().min(0).max(1).default(0.2),
      /** A pinch ends above this. Defaults to 0.3. */
      release: z.number().min(0).max(1).default(0.3),
    })
    .refine((pinch) => pinch.release >= pinch.start, { message: 'release must not be below start', path: ['release'] })
    .prefault({}),
  swipe: z
    .strictObject({
      /** How far back the palm's path is looked at. Defaults to 500 ms. */
      windowMs: z.number().min(50).max(10_000).default(500),
      /** How far the palm must travel within the window, in palm lengths. Defaults to 2. */
      minDistance: z.number().positive().max(100).default(2),
      /** How many times longer than the cross movement the swipe's direction must be. Defaults to 2. */
      dominance: z.number().min(1).max(100).default(2),
      /** Rest after a swipe before the same hand can swipe again. Defaults to 600 ms. */
      cooldownMs: z.number().min(0).max(60_000).default(600),
    })
    .prefault({}),
});

/** The engine's settings a configuration gives (its `inference` section): the classifiers come from the project, `mirrored` from the source. */
export const inferenceSettingsSchema = inferenceConfigSchema.omit({ classifiers: true, customGestures: true, mirrored: true });
export type InferenceSettings = z.output<typeof inferenceSettingsSchema>;

export type InferenceOptions = z.input<typeof inferenceConfigSchema>;
export type InferenceConfig = z.output<typeof inferenceConfigSchema>;

/** Fills the defaults and checks every value; a wrong one throws INVALID_OPTION naming `inference.<path>`. */
export function resolveInferenceConfig(options: InferenceOptions = {}): InferenceConfig {
  return parseSettings(inferenceConfigSchema, options, { prefix: 'inference' });
}
