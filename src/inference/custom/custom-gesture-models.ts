import { HandflowError } from '../../core/errors.js';
import type { GestureKind } from './gesture-kinds.js';
import { readGesturesFile, type GesturesFile } from './gestures-file.js';
import { NearestNeighbours } from './nearest-neighbours.js';
import { checkTrainableSize } from './sample-limits.js';
import { samplesOf } from './train-gestures.js';

/** A trained learner for one kind of custom gesture. */
export interface CustomGestureModel {
  learner: NearestNeighbours;
  rejectDistance: number;
  /** Moving gestures: the length of path to look at, in milliseconds. */
  windowMs?: number;
}

export type CustomGestureModels = Partial<Record<GestureKind, CustomGestureModel>>;

/** The trained learners of a gestures file; an untrained or stale file is refused, saying what to run. */
export async function loadCustomGestures(path: string): Promise<CustomGestureModels> {
  return customGestureModels(await readGesturesFile(path), path);
}

/** @throws HandflowError INVALID_OPTION for a file not trained since it changed; TOO_MANY_SAMPLES past the caps, which bound each frame's cost. */
export function customGestureModels(file: GesturesFile, path: string): CustomGestureModels {
  checkTrainableSize(file, path);
  const models: CustomGestureModels = {};
  for (const kind of new Set(file.gestures.map((gesture) => gesture.kind))) {
    const samples = samplesOf(file, kind);
    const trained = file.trained?.[kind];
    if (trained === undefined || trained.sampleCount !== samples.length) {
      throw new HandflowError('INVALID_OPTION', `gestures file ${path} has ${kind} gestures recorded since it was last trained: run "handflow gestures train"`);
    }
    models[kind] = {
      learner: new NearestNeighbours(samples, trained.k),
      rejectDistance: trained.rejectDistance,
      ...(trained.windowMs === undefined ? {} : { windowMs: trained.windowMs }),
    };
  }
  return models;
}
