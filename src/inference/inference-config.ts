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
  /** When a static pose (fist, thumbs up, ...) counts. */
  static: z
    .strictObject({
      /** A pose starts only once held this long. Defaults to 400 ms. */
      holdMs: z.number().min(0).max(60_000).default(400),
      /** A hand moving faster than this, in palm lengths per second, shows no pose: a thumb passing upwards is no thumbs up. Defaults to 1. */
      maxSpeed: z.number().positive().max(1000).default(1),
    })
    .prefault({}),
  /**
   * Engagement: with `required`, gesture-triggered actions only act while the person is engaged, which they
   * become by holding an open palm still towards the camera. Ends when no hand is in view for lostMs or no
   * gesture is acted on for idleMs. Shown as state_changed events (component engagement).
   */
  engagement: z
    .strictObject({
      /** Actions wait for engagement. Defaults to false (the built-in projects that click, mute or notify set it). */
      required: z.boolean().default(false),
      /** How long the open palm must be held still. Defaults to 1000 ms. */
      holdMs: z.number().min(0).max(60_000).default(1000),
      /** Still: the palm slower than this, in palm lengths per second. Defaults to 0.5. */
      maxSpeed: z.number().positive().max(1000).default(0.5),
      /** Engagement ends when no hand has been in view this long. Defaults to 2000 ms. */
      lostMs: z.number().min(0).max(600_000).default(2000),
      /** Engagement ends when no gesture has been acted on this long. Defaults to 20000 ms. */
      idleMs: z.number().min(0).max(3_600_000).default(20_000),
    })
    .prefault({}),
  /** What makes thumb and index tips touching a pinch (a click for the mouse): deliberate, clean, one hand. */
  pinch: z
    .strictObject({
      /** A pinch starts when the tips are closer than this, in palm lengths. Defaults to 0.2. */
      start: z.number().min(0).max(1).default(0.2),
      /** A pinch ends when the tips are further apart than this. Defaults to 0.3. */
      release: z.number().min(0).max(1).default(0.3),
      /** The tips must have been apart (over release) this recently: a pinch is made, not a hand arriving pinched. Defaults to 600 ms. */
      formMs: z.number().min(0).max(10_000).default(600),
      /** For this long before a pinch, the hand is in view, its middle, ring and pinky fingers keep their state (not a hand closing) and the palm is steady. Defaults to 200 ms. */
      stillMs: z.number().min(0).max(10_000).default(200),
      /** Steady: the palm slower than this, in palm lengths per second. Defaults to 1.5. */
      maxSpeed: z.number().positive().max(1000).default(1.5),
      /** Another hand closer than this to the pinching tips, in palm lengths, makes it no pinch (hands touching or rubbing). Defaults to 1. */
      minHandGap: z.number().min(0).max(100).default(1),
    })
    .refine((pinch) => pinch.release >= pinch.start, { message: 'release must not be below start', path: ['release'] })
    .prefault({}),
  /** What makes a palm movement a swipe: deliberate, one hand, from rest, far, straight. */
  swipe: z
    .strictObject({
      /** How long a swipe may take, from the hand at rest to minDistance travelled. Defaults to 700 ms. */
      windowMs: z.number().min(50).max(10_000).default(700),
      /** How far the palm must travel, in palm lengths (wrist to middle knuckle). Defaults to 2.5. */
      minDistance: z.number().positive().max(100).default(2.5),
      /** How many times longer than the cross movement the swipe's direction must be. Defaults to 2. */
      dominance: z.number().min(1).max(100).default(2),
      /** Rest after a swipe before the same hand can swipe again. Defaults to 600 ms. */
      cooldownMs: z.number().min(0).max(60_000).default(600),
      /** A swipe starts from rest: the palm slower than this, in palm lengths per second, where it begins (or just raised into view). Defaults to 2. */
      restSpeed: z.number().positive().max(1000).default(2),
      /** The palm's path may be at most this many times longer than the straight line it covers. Defaults to 1.5. */
      maxDetour: z.number().min(1).max(100).default(1.5),
      /** A step faster than this, in palm lengths per second, is the tracker jumping between hands: the path restarts. Defaults to 60. */
      maxStepSpeed: z.number().positive().max(100_000).default(60),
      /** The interaction zone: the whole hand this far inside the frame (a share of its size) where a swipe starts and ends. Defaults to 0.01. */
      edgeMargin: z.number().min(0).max(0.4).default(0.01),
      /** ...and the palm centre above this share of the frame's height: a hand resting low (on a desk, at the waist) is not raised to swipe. Defaults to 0.85. */
      zoneBottom: z.number().min(0.1).max(1).default(0.85),
      /** Another hand travelling this share of the swipe's distance meanwhile makes it none (hands rubbing, two-handed signs). Defaults to 0.5. */
      maxOtherHandTravel: z.number().min(0).max(100).default(0.5),
    })
    .prefault({}),
});

/** The engine's settings a configuration gives (its `inference` section): the classifiers come from the project, `mirrored` from the source. */
export const inferenceSettingsSchema = inferenceConfigSchema.omit({ classifiers: true, customGestures: true, mirrored: true });
export type InferenceSettings = z.output<typeof inferenceSettingsSchema>;
export type InferenceSettingsInput = z.input<typeof inferenceSettingsSchema>;

export type InferenceOptions = z.input<typeof inferenceConfigSchema>;
export type InferenceConfig = z.output<typeof inferenceConfigSchema>;

/** Fills the defaults and checks every value; a wrong one throws INVALID_OPTION naming `inference.<path>`. */
export function resolveInferenceConfig(options: InferenceOptions = {}): InferenceConfig {
  return parseSettings(inferenceConfigSchema, options, { prefix: 'inference' });
}
