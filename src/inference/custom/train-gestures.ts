import { HandflowError } from '../../core/errors.js';
import { GESTURE_KINDS, type GestureKind } from './gesture-kinds.js';
import type { GesturesFile, TrainedModel } from './gestures-file.js';
import { NearestNeighbours, type Sample } from './nearest-neighbours.js';

/** Neighbours that vote, when every gesture has at least this many samples. */
const NEIGHBOURS = 3;
/**
 * Features further from a gesture's samples than this many times the usual distance between its own samples
 * are something else. The floor (in palm lengths) keeps a gesture recorded from near-identical frames from
 * rejecting every later sighting.
 */
const REJECT_FACTOR = 2;
const MIN_REJECT_DISTANCE = 0.25;

/** The samples of one kind as labelled feature lists. */
export function samplesOf(file: GesturesFile, kind: GestureKind): Sample[] {
  return file.gestures.filter((gesture) => gesture.kind === kind).flatMap((gesture) => gesture.samples.map((features) => ({ label: gesture.name, features })));
}

/**
 * Calibrates the learner for each kind of gesture recorded: how many neighbours vote, how far is too far to be
 * any of the gestures, and (moving gestures) how long a path to look at; and measures its leave-one-out
 * accuracy. The samples themselves are the model; the result is the file with `trained` filled in.
 */
export function trainGestures(file: GesturesFile): GesturesFile {
  if (file.gestures.length === 0) {
    throw new HandflowError('NOT_TRAINABLE', 'there are no gestures to train: record some first');
  }
  const trained: Partial<Record<GestureKind, TrainedModel>> = {};
  for (const kind of GESTURE_KINDS) {
    const samples = samplesOf(file, kind);
    if (samples.length === 0) continue;
    const gestures = file.gestures.filter((gesture) => gesture.kind === kind);
    const k = Math.max(1, Math.min(NEIGHBOURS, ...gestures.map((gesture) => gesture.samples.length)));
    const learner = new NearestNeighbours(samples, k);
    const durations = gestures.flatMap((gesture) => gesture.durationsMs ?? []);
    trained[kind] = {
      k,
      rejectDistance: Math.max(MIN_REJECT_DISTANCE, REJECT_FACTOR * usualNeighbourDistance(samples)),
      sampleCount: samples.length,
      accuracy: leaveOneOutAccuracy(learner, samples),
      ...(kind === 'moving' && durations.length > 0 ? { windowMs: median(durations) } : {}),
    };
  }
  return { ...file, trained };
}

/** How often each sample is recognised by the others alone. */
export function leaveOneOutAccuracy(learner: NearestNeighbours, samples: readonly Sample[]): number {
  if (samples.length < 2) return 1;
  const right = samples.filter((sample, index) => learner.predict(sample.features, index).label === sample.label).length;
  return right / samples.length;
}

/** The 95th percentile of each sample's distance to the nearest other sample of the same gesture. */
function usualNeighbourDistance(samples: readonly Sample[]): number {
  const distances = samples.flatMap((sample, index) => {
    const others = samples.filter((other, otherIndex) => otherIndex !== index && other.label === sample.label);
    return others.length === 0 ? [] : [Math.min(...others.map((other) => Math.hypot(...other.features.map((value, i) => value - sample.features[i]!))))];
  });
  if (distances.length === 0) return 0;
  distances.sort((a, b) => a - b);
  return distances[Math.min(distances.length - 1, Math.floor(distances.length * 0.95))]!;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
