import { HandflowError } from '../../core/errors.js';
import { SerialQueue } from '../../core/serial-queue.js';
import type { RecordedSamples } from './gesture-recording.js';
import { GESTURE_KINDS, type GestureKind } from './gesture-kinds.js';
import { checkGesturesFileWritable, readGesturesFile, readOrCreateGesturesFile, writeGesturesFile, type GesturesFile, type RecordedGesture } from './gestures-file.js';
import { checkRoomForSamples, checkTrainableSize } from './sample-limits.js';
import { trainGesturesOffThread } from './train-off-thread.js';

/** A gesture as it is listed. */
export interface GestureStatus {
  readonly name: string;
  readonly kind: GestureKind;
  readonly samples: number;
  /** Trained since its samples last changed: recognised live. */
  readonly trained: boolean;
}

/** What training made of one kind of gesture. */
export interface TrainedKind {
  readonly kind: GestureKind;
  readonly gestures: number;
  readonly samples: number;
  /** Neighbours that vote. */
  readonly k: number;
  /** Leave-one-out accuracy (0-1). */
  readonly accuracy: number;
  /** What would make the accuracy worth reading, when it is not yet (see trainingAdvice). */
  readonly advice?: string;
}

/**
 * Samples of each gesture below which a leave-one-out accuracy says little: a pose records a sample a frame (30 by
 * default), a movement one a recording.
 */
const FEW_SAMPLES: Record<GestureKind, number> = { static: 20, moving: 5 };

/** Why a trained kind's accuracy is not worth reading yet, and what to record: undefined when it is. */
export function trainingAdvice(kind: GestureKind, gestures: number, fewestSamples: number): string | undefined {
  const noun = kind === 'static' ? 'pose' : 'movement';
  if (gestures === 1) return `one ${noun} only: the accuracy measures nothing until there is another to tell it from; record a second`;
  if (fewestSamples < FEW_SAMPLES[kind]) {
    return `a ${noun} has only ${fewestSamples} sample${fewestSamples === 1 ? '' : 's'}: record at least ${FEW_SAMPLES[kind]} of each for an accuracy worth reading`;
  }
  return undefined;
}

const NAME = /^[A-Za-z0-9][\w-]{0,63}$/;

/** What is wrong with a gesture name, if anything (gesture names are also event values, where "none" means no gesture). */
export function gestureNameProblem(name: string): string | undefined {
  if (!NAME.test(name)) return 'letters, digits, _ and -, starting with a letter or digit, at most 64';
  if (name === 'none') return '"none" means no gesture: choose another name';
  return undefined;
}

export interface GestureStoreOptions {
  /** How messages name the file: its path by default; a description where the path is not the reader's business. */
  readonly shownAs?: string;
  /** A missing file lists, trains and removes as an empty one rather than being reported (a store the program owns, not a file the user named). */
  readonly missingIsEmpty?: boolean;
}

/**
 * A custom gestures file as `handflow gestures` and the server edit it: recording adds samples of one kind to
 * a gesture and, like removing, makes the last training stale. Calls run one at a time, so two callers never
 * write over each other's changes.
 */
export class GestureStore {
  private readonly calls = new SerialQueue();
  private readonly shownAs: string;

  constructor(
    readonly path: string,
    private readonly options: GestureStoreOptions = {},
  ) {
    this.shownAs = options.shownAs ?? path;
  }

  list(): Promise<GestureStatus[]> {
    return this.calls.run(async () => {
      const file = await this.read();
      return file.gestures.map((gesture) => status(file, gesture));
    });
  }

  /**
   * Checks samples of `kind` may be added to `name`, before the work of recording them.
   * @throws HandflowError INVALID_OPTION; TOO_MANY_SAMPLES when the gesture (or all of them) has no room left; CANNOT_WRITE
   */
  checkRecordable(name: string, kind: GestureKind): Promise<void> {
    return this.calls.run(async () => {
      const file = await readOrCreateGesturesFile(this.path);
      this.recordable(file, name, kind);
      checkRoomForSamples(file, name, 0);
      await checkGesturesFileWritable(this.path, this.shownAs);
    });
  }

  /**
   * Adds samples to a gesture, making it if new.
   * @throws HandflowError INVALID_OPTION for a bad name or another kind; TOO_MANY_SAMPLES past the caps (sample-limits.ts)
   */
  addSamples(name: string, kind: GestureKind, recorded: RecordedSamples): Promise<GestureStatus> {
    return this.calls.run(async () => {
      const file = await readOrCreateGesturesFile(this.path);
      const existing = this.recordable(file, name, kind);
      checkRoomForSamples(file, name, recorded.samples.length);
      const gesture: RecordedGesture = existing ?? { name, kind, samples: [] };
      gesture.samples.push(...recorded.samples);
      if (kind === 'moving') gesture.durationsMs = [...(gesture.durationsMs ?? []), ...recorded.durationsMs];
      const changed = untrained({ ...file, gestures: existing ? file.gestures : [...file.gestures, gesture] });
      await writeGesturesFile(this.path, changed, this.shownAs);
      return status(changed, gesture);
    });
  }

  /**
   * Trains every gesture, calibrating each kind and measuring its accuracy, on a thread of its own.
   * @throws HandflowError NOT_TRAINABLE when there are none; TOO_MANY_SAMPLES for a file past the caps
   */
  train(): Promise<TrainedKind[]> {
    return this.calls.run(async () => {
      const samples = await this.read();
      checkTrainableSize(samples, this.shownAs);
      const file = await trainGesturesOffThread(samples);
      await writeGesturesFile(this.path, file, this.shownAs);
      return GESTURE_KINDS.flatMap((kind) => {
        const model = file.trained?.[kind];
        if (model === undefined) return [];
        const ofKind = file.gestures.filter((gesture) => gesture.kind === kind);
        const advice = trainingAdvice(kind, ofKind.length, Math.min(...ofKind.map((gesture) => gesture.samples.length)));
        return [{ kind, gestures: ofKind.length, samples: model.sampleCount, k: model.k, accuracy: model.accuracy, ...(advice === undefined ? {} : { advice }) }];
      });
    });
  }

  /** Forgets a gesture and its samples; returns the gestures left. @throws HandflowError GESTURE_NOT_FOUND */
  remove(name: string): Promise<GestureStatus[]> {
    return this.calls.run(async () => {
      const file = await this.read();
      if (!file.gestures.some((gesture) => gesture.name === name)) {
        throw new HandflowError('GESTURE_NOT_FOUND', `no gesture "${name}" in ${this.shownAs}; it has ${file.gestures.map((gesture) => gesture.name).join(', ') || 'none'}`);
      }
      const changed = untrained({ ...file, gestures: file.gestures.filter((gesture) => gesture.name !== name) });
      await writeGesturesFile(this.path, changed, this.shownAs);
      return changed.gestures.map((gesture) => status(changed, gesture));
    });
  }

  private read(): Promise<GesturesFile> {
    return this.options.missingIsEmpty ? readOrCreateGesturesFile(this.path) : readGesturesFile(this.path);
  }

  /** The gesture of that name, if any, once the name is good and the gesture is of `kind`. */
  private recordable(file: GesturesFile, name: string, kind: GestureKind): RecordedGesture | undefined {
    const problem = gestureNameProblem(name);
    if (problem !== undefined) throw new HandflowError('INVALID_OPTION', `cannot name a gesture "${name}": ${problem}`);
    const existing = file.gestures.find((gesture) => gesture.name === name);
    if (existing !== undefined && existing.kind !== kind) {
      throw new HandflowError('INVALID_OPTION', `"${name}" is already a ${existing.kind} gesture in ${this.shownAs}: record it as ${existing.kind}, or remove it first`);
    }
    return existing;
  }
}

function status(file: GesturesFile, gesture: RecordedGesture): GestureStatus {
  return { name: gesture.name, kind: gesture.kind, samples: gesture.samples.length, trained: file.trained?.[gesture.kind] !== undefined };
}

/** Any change to the samples makes the last training stale. */
function untrained({ trained: _stale, ...file }: GesturesFile): GesturesFile {
  return file;
}
