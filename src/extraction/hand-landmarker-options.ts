import { z } from 'zod';

import { parseSettings } from '../core/settings.js';

export type LandmarkModelVariant = 'full' | 'lite';
export type ModelPrecision = 'float32' | 'int8';

/** Options of the hand landmark engine; every field is optional and documented with its default. */
export interface HandLandmarkerOptions {
  /** The most hands to find in a frame. Defaults to 2. */
  maxHands?: number;
  /** Palm detector score (0-1) needed to start following a new hand. Defaults to 0.5, as MediaPipe. */
  minDetectionConfidence?: number;
  /**
   * Hand presence score (0-1) the landmark model must give for a hand to be reported. In video mode a
   * tracked hand whose presence drops below it is lost, and the palm detector looks for it again.
   * Defaults to 0.5.
   */
  minTrackingConfidence?: number;
  /**
   * Video mode: while some hands are tracked but fewer than `maxHands`, look for new hands at most once in
   * this many milliseconds of video time (0 = every frame, as MediaPipe). With no hand tracked the palm
   * detector runs on every frame. Defaults to 200: a hand entering is picked up within a quarter of a second,
   * while the palm detector, which costs more than the landmark model, runs on one frame in five at 25 fps.
   */
  palmSearchIntervalMs?: number;
  /**
   * Video mode: while nothing in the frame changes but the tracked hands and their forearms, the look for new
   * hands waits for something to change, up to this many milliseconds of video time. A hand entering changes the
   * frame, so it is still looked for within `palmSearchIntervalMs`; only a hand that was already there, missed,
   * and holds still waits this long. At or below `palmSearchIntervalMs` the looks keep to their interval
   * whatever moves. Defaults to 1000.
   */
  stillScenePalmSearchIntervalMs?: number;
  /** `'full'` (more accurate) or `'lite'` (faster) landmark and palm models. Defaults to `'full'`. */
  model?: LandmarkModelVariant;
  /**
   * The landmark model's arithmetic: `'float32'` as published, or `'int8'` convolutions (calibrated on real
   * hand crops, about twice as fast on CPUs with int8 instructions; see README "Models"). Defaults to `'float32'`.
   */
  precision?: ModelPrecision;
  /**
   * Whether frames are mirrored like a selfie view (a front camera shown as a mirror). Handedness is
   * always reported as the person's real hand: MediaPipe's models label hands as if every image were
   * mirrored, so with `mirrored: false` (photos, rear cameras, most video files) their label is swapped.
   * Defaults to false.
   */
  mirrored?: boolean;
  /** ONNX Runtime threads per model. Defaults to 1, which leaves cores for decoding and other streams. */
  threads?: number;
  /** Folder for converted models. Defaults to `HANDFLOW_MODEL_DIR` or `.cache/models` in the package. */
  modelDirectory?: string;
}

export type ResolvedHandLandmarkerOptions = Required<Omit<HandLandmarkerOptions, 'modelDirectory'>> &
  Pick<HandLandmarkerOptions, 'modelDirectory'>;

export const DEFAULT_HAND_LANDMARKER_OPTIONS: Readonly<ResolvedHandLandmarkerOptions> = Object.freeze({
  maxHands: 2,
  minDetectionConfidence: 0.5,
  minTrackingConfidence: 0.5,
  palmSearchIntervalMs: 200,
  stillScenePalmSearchIntervalMs: 1000,
  model: 'full',
  precision: 'float32',
  mirrored: false,
  threads: 1,
});

/** The engine's settings and their ranges, as a configuration gives them (each optional: see the defaults above). */
export const handLandmarkerSettingsSchema = z.strictObject({
  maxHands: wholeNumber(1, 10).optional(),
  minDetectionConfidence: probability().optional(),
  minTrackingConfidence: probability().optional(),
  palmSearchIntervalMs: wholeNumber(0, 10_000).optional(),
  stillScenePalmSearchIntervalMs: wholeNumber(0, 60_000).optional(),
  model: z.enum(['full', 'lite'], { error: (issue) => `must be "full" or "lite", not ${JSON.stringify(issue.input)}` }).optional(),
  precision: z.enum(['float32', 'int8'], { error: (issue) => `must be "float32" or "int8", not ${JSON.stringify(issue.input)}` }).optional(),
  mirrored: z.boolean({ error: (issue) => `must be true or false, not ${JSON.stringify(issue.input)}` }).optional(),
  threads: wholeNumber(1, 64).optional(),
  modelDirectory: z.string().min(1).optional(),
});

/** Fills defaults and checks every value, naming the option and what it accepts when one is wrong. */
export function resolveHandLandmarkerOptions(options: HandLandmarkerOptions = {}): ResolvedHandLandmarkerOptions {
  const checked = parseSettings(handLandmarkerSettingsSchema, options);
  return { ...DEFAULT_HAND_LANDMARKER_OPTIONS, ...definedFields(checked) };
}

function definedFields<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}

function wholeNumber(min: number, max: number) {
  const message = (issue: { input?: unknown }) => `must be a whole number from ${min} to ${max}, not ${JSON.stringify(issue.input)}`;
  return z.number({ error: message }).int({ error: message }).min(min, { error: message }).max(max, { error: message });
}

function probability() {
  const message = (issue: { input?: unknown }) => `must be a number from 0 to 1, not ${JSON.stringify(issue.input)}`;
  return z.number({ error: message }).min(0, { error: message }).max(1, { error: message });
}
