import { HandflowError } from '../../core/errors.js';
import type { GestureKind } from '../../inference/custom/gesture-kinds.js';
import { readGesturesFile, readOrCreateGesturesFile, writeGesturesFile, type GesturesFile, type RecordedGesture } from '../../inference/custom/gestures-file.js';
import { trainGestures } from '../../inference/custom/train-gestures.js';
import { ApiError } from '../errors.js';
import type { GestureInfo } from './gesture-info.js';

/**
 * The custom gestures file as the server edits it: the same file and rules as `handflow gestures`. Calls are
 * one at a time, so two requests never write over each other's changes.
 */
export class GestureStore {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly path: string) {}

  list(): Promise<GestureInfo[]> {
    return this.serially(async () => infos(await readOrCreateGesturesFile(this.path)));
  }

  /** Checks samples of `kind` can be added to `name`, before recording them. @throws ApiError INVALID_REQUEST */
  checkKind(name: string, kind: GestureKind): Promise<void> {
    return this.serially(async () => void kindChecked(await readOrCreateGesturesFile(this.path), name, kind));
  }

  /** Adds samples to a gesture, making it if new; the training goes stale. */
  addSamples(name: string, kind: GestureKind, samples: number[][], durationsMs: number[]): Promise<GestureInfo> {
    return this.serially(async () => {
      const file = await readOrCreateGesturesFile(this.path);
      const existing = kindChecked(file, name, kind);
      const gesture = existing ?? { name, kind, samples: [] };
      gesture.samples.push(...samples);
      if (kind === 'moving') gesture.durationsMs = [...(gesture.durationsMs ?? []), ...durationsMs];
      await writeGesturesFile(this.path, untrained({ ...file, gestures: existing ? file.gestures : [...file.gestures, gesture] }));
      return { name, kind, samples: gesture.samples.length, trained: false };
    });
  }

  /** Trains every gesture; returns each kind's model. */
  train(): Promise<GesturesFile['trained']> {
    return this.serially(async () => {
      let trained: GesturesFile;
      try {
        trained = trainGestures(await readGesturesFile(this.path));
      } catch (error) {
        if (error instanceof HandflowError && (error.code === 'INVALID_OPTION' || error.code === 'INPUT_NOT_FOUND')) {
          throw new ApiError('NOT_TRAINABLE', 'there are no gestures to train: record samples of one first');
        }
        throw error;
      }
      await writeGesturesFile(this.path, trained);
      return trained.trained;
    });
  }

  /** @throws ApiError GESTURE_NOT_FOUND */
  remove(name: string): Promise<void> {
    return this.serially(async () => {
      const file = await readOrCreateGesturesFile(this.path);
      if (!file.gestures.some((gesture) => gesture.name === name)) {
        throw new ApiError('GESTURE_NOT_FOUND', `no gesture "${name}"; there are ${file.gestures.map((gesture) => gesture.name).join(', ') || 'none'}`);
      }
      await writeGesturesFile(this.path, untrained({ ...file, gestures: file.gestures.filter((gesture) => gesture.name !== name) }));
    });
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work);
    this.queue = result.catch(() => undefined);
    return result;
  }
}

/** The gesture of that name, if any, when it is of `kind`. */
function kindChecked(file: GesturesFile, name: string, kind: GestureKind): RecordedGesture | undefined {
  const existing = file.gestures.find((gesture) => gesture.name === name);
  if (existing !== undefined && existing.kind !== kind) {
    throw new ApiError('INVALID_REQUEST', `"${name}" is already a ${existing.kind} gesture: record it as ${existing.kind}, or delete it first`);
  }
  return existing;
}

function infos(file: GesturesFile): GestureInfo[] {
  return file.gestures.map((gesture) => ({ name: gesture.name, kind: gesture.kind, samples: gesture.samples.length, trained: file.trained?.[gesture.kind] !== undefined }));
}

/** Any change to the samples makes the last training stale. */
function untrained({ trained: _stale, ...file }: GesturesFile): GesturesFile {
  return file;
}
