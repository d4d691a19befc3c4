import { HandflowError } from '../../core/errors.js';
import type { GesturesFile } from './gestures-file.js';

/**
 * The most samples one gesture may have. A gesture is learned well from tens of samples and a few hundred
 * cover its variations; one recording takes at most 300 frames, so this leaves room for one full-length take
 * and more. Training compares every sample with every other: the cap, not the file size, bounds its time.
 */
export const MAX_SAMPLES_PER_GESTURE = 500;
/**
 * The most samples of all gestures together: a handful of gestures with a few hundred samples each (four at
 * the per-gesture cap). Training this many takes about 0.6 s of one core here (2 cores, 2000 static samples),
 * on a thread of its own; 40,000 samples (what a 32 MiB file holds) took minutes.
 */
export const MAX_SAMPLES = 2000;

const TO_MAKE_ROOM = 'delete samples no longer needed by removing a gesture (DELETE /api/gestures/{name}, or "handflow gestures remove <name>") and record it again with fewer frames';

/**
 * Checks `adding` more samples fit in gesture `name` of `file` (0: that there is room for any at all).
 * @throws HandflowError TOO_MANY_SAMPLES naming the cap, what is there, and what to do
 */
export function checkRoomForSamples(file: GesturesFile, name: string, adding: number): void {
  const had = file.gestures.find((gesture) => gesture.name === name)?.samples.length ?? 0;
  const total = sampleCount(file);
  const wanted = Math.max(adding, 1);
  if (had + wanted > MAX_SAMPLES_PER_GESTURE) {
    throw new HandflowError(
      'TOO_MANY_SAMPLES',
      `gesture "${name}" has ${had} samples, and ${wanted} more would pass the ${MAX_SAMPLES_PER_GESTURE} a gesture may have: record fewer frames, or ${TO_MAKE_ROOM}`,
    );
  }
  if (total + wanted > MAX_SAMPLES) {
    throw new HandflowError(
      'TOO_MANY_SAMPLES',
      `the gestures have ${total} samples in all, and ${wanted} more would pass the ${MAX_SAMPLES} they may have together: record fewer frames, or ${TO_MAKE_ROOM}`,
    );
  }
}

/**
 * Checks a file is within the caps, to train it or to recognise with it (one written by hand, or before the caps, may
 * not be): recognition compares each hand with every sample.
 * @throws HandflowError TOO_MANY_SAMPLES
 */
export function checkTrainableSize(file: GesturesFile, shownAs: string): void {
  const largest = file.gestures.find((gesture) => gesture.samples.length > MAX_SAMPLES_PER_GESTURE);
  if (largest !== undefined) {
    throw new HandflowError('TOO_MANY_SAMPLES', `gesture "${largest.name}" in ${shownAs} has ${largest.samples.length} samples, more than the ${MAX_SAMPLES_PER_GESTURE} a gesture may have: ${TO_MAKE_ROOM}`);
  }
  const total = sampleCount(file);
  if (total > MAX_SAMPLES) {
    throw new HandflowError('TOO_MANY_SAMPLES', `the gestures in ${shownAs} have ${total} samples, more than the ${MAX_SAMPLES} they may have in all: ${TO_MAKE_ROOM}`);
  }
}

function sampleCount(file: GesturesFile): number {
  return file.gestures.reduce((sum, gesture) => sum + gesture.samples.length, 0);
}
