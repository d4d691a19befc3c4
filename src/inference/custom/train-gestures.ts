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
  const distances = nearestOfSameLabel(samples).flatMap(({ sample, nearest }) => {
    if (nearest.length === 0) return [];
    // Math.hypot on the few nearest alone, as its last bit can differ from the square root of the squared sum.
    return [Math.min(...nearest.map((other) => Math.hypot(...other.features.map((value, i) => value - sample.features[i]!))))];
  });
  if (distances.length === 0) return 0;
  distances.sort((a, b) => a - b);
  return distances[Math.min(distances.length - 1, Math.floor(distances.length * 0.95))]!;
}

/**
 * Relative slack on squared distances that rounding cannot reach (a few hundred units in the last place),
 * and a floor below which squares may underflow (differences under 1e-154 square to 0).
 */
const ROUNDING_SLACK = 1e-9;
const UNDERFLOW_FLOOR = 1e-100;

/**
 * For each sample, the other samples of its label that may be its nearest: those whose squared distance is
 * the least, give or take rounding. Squared distances over a flat array are cheap; Math.hypot with a spread
 * for every pair was most of training's time (2 s for 2000 samples).
 */
function nearestOfSameLabel(samples: readonly Sample[]): { sample: Sample; nearest: Sample[] }[] {
  const dimensions = samples[0]?.features.length ?? 0;
  const matrix = Float64Array.from(samples.flatMap((sample) => sample.features));
  const squared = (a: number, b: number): number => {
    let sum = 0;
    for (let column = 0; column < dimensions; column++) {
      const difference = matrix[a * dimensions + column]! - matrix[b * dimensions + column]!;
      sum += difference * difference;
    }
    return sum;
  };
  const byLabel = new Map<string, number[]>();
  samples.forEach((sample, index) => {
    const group = byLabel.get(sample.label) ?? [];
    group.push(index);
    byLabel.set(sample.label, group);
  });
  return samples.map((sample, index) => {
    const others = byLabel.get(sample.label)!.filter((other) => other !== index);
    const distances = others.map((other) => squared(index, other));
    const least = distances.reduce((smallest, distance) => Math.min(smallest, distance), Infinity);
    const within = Math.max(least * (1 + ROUNDING_SLACK), UNDERFLOW_FLOOR);
    return { sample, nearest: others.filter((_, at) => distances[at]! <= within).map((other) => samples[other]!) };
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
