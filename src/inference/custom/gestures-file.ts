import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

import { z } from 'zod';

import { cannotWrite } from '../../core/cannot-write.js';
import { HandflowError, errorMessage } from '../../core/errors.js';
import { refuseFoundFileNotOwn } from '../../core/file-owner.js';
import { parseJsonFileText } from '../../core/parse-json-file-text.js';
import { readRegularFile, type RegularFileRead } from '../../core/read-regular-file.js';
import { writeWholeFile } from '../../core/write-whole-file.js';
import { GESTURE_KINDS } from './gesture-kinds.js';

/** Where `handflow gestures` keeps custom gestures unless told otherwise: in the current folder. */
export const DEFAULT_GESTURES_FILE = 'handflow.gestures.json';

/**
 * The gestures file a command uses: the one named with `flag`, else DEFAULT_GESTURES_FILE here, which is refused
 * unless it is this user's alone (see refuseFoundFileNotOwn).
 */
export async function gesturesFileToUse(named: string | undefined, flag: string): Promise<string> {
  if (named !== undefined) return named;
  await refuseFoundFileNotOwn(resolve(DEFAULT_GESTURES_FILE), { what: 'gestures file', power: 'Custom gestures decide which poses set off actions', flag });
  return DEFAULT_GESTURES_FILE;
}

const features = z.array(z.number().finite()).min(1);

const gestureSchema = z.strictObject({
  name: z.string().min(1),
  kind: z.enum(GESTURE_KINDS),
  /** One feature list per recorded sample. */
  samples: z.array(features),
  /** Moving gestures: how long each sample's path took, in milliseconds. */
  durationsMs: z.array(z.number().positive()).optional(),
});

const trainedSchema = z.strictObject({
  /** Neighbours that vote. */
  k: z.number().int().positive(),
  /** Features further than this from every sample of the winning gesture are no custom gesture at all. */
  rejectDistance: z.number().positive(),
  /** Samples trained on: the model is stale when the gestures have more or fewer. */
  sampleCount: z.number().int().positive(),
  /** Leave-one-out accuracy on the samples (0-1). */
  accuracy: z.number().min(0).max(1),
  /** Moving gestures: the time window looked at, in milliseconds. */
  windowMs: z.number().positive().optional(),
});

const gesturesFileSchema = z.strictObject({
  format: z.literal('handflow-gestures'),
  version: z.literal(1),
  gestures: z.array(gestureSchema),
  /** Written by `handflow gestures train`; dropped by record and remove. */
  trained: z.partialRecord(z.enum(GESTURE_KINDS), trainedSchema).optional(),
});

export type RecordedGesture = z.output<typeof gestureSchema>;
export type TrainedModel = z.output<typeof trainedSchema>;
export type GesturesFile = z.output<typeof gesturesFileSchema>;

export function emptyGesturesFile(): GesturesFile {
  return { format: 'handflow-gestures', version: 1, gestures: [] };
}

/** Far above what recording gives (a few MB for thousands of samples), far below what would strain memory. */
export const MAX_GESTURES_FILE_BYTES = 32 * 1024 * 1024;

/**
 * Reads and checks a gestures file. A missing file throws INPUT_NOT_FOUND, one that is not a gestures file
 * (nor a regular file, or too large) INPUT_UNREADABLE; both messages name the file and what to do. A message
 * never quotes the file, since it may reach a server's client.
 */
export async function readGesturesFile(path: string): Promise<GesturesFile> {
  const text = await readGesturesText(path);
  let parsed: unknown;
  try {
    parsed = parseJsonFileText(text);
  } catch {
    throw corrupt(path, 'not JSON');
  }
  const result = gesturesFileSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw corrupt(path, `${issue.path.join('.') || 'the file'}: ${issue.message}`);
  }
  return result.data;
}

/** Reads the file, or an empty one when there is none yet (for recording). */
export async function readOrCreateGesturesFile(path: string): Promise<GesturesFile> {
  try {
    return await readGesturesFile(path);
  } catch (error) {
    if (error instanceof HandflowError && error.code === 'INPUT_NOT_FOUND') return emptyGesturesFile();
    throw error;
  }
}

/**
 * Writes the file whole or not at all, so a crash never leaves half a file. Messages name it as `shownAs` (a
 * server's clients are not told where its files are).
 * @throws HandflowError INVALID_OPTION when it would not be read back: too large, or holding what is not valid;
 *   CANNOT_WRITE
 */
export async function writeGesturesFile(path: string, file: GesturesFile, shownAs = path): Promise<void> {
  // What could not be read back (a feature that is not a finite number: JSON would write it as null) is never
  // written: the file, and every gesture in it, would be refused from then on.
  const checked = gesturesFileSchema.safeParse(file);
  if (!checked.success) {
    const where = checked.error.issues[0]?.path.join('.') ?? '';
    throw new HandflowError('INVALID_OPTION', `the gestures were not saved to ${shownAs}: ${where} is not what a gestures file holds (${checked.error.issues[0]?.message ?? 'invalid'})`);
  }
  const text = `${JSON.stringify(file)}\n`;
  if (Buffer.byteLength(text) > MAX_GESTURES_FILE_BYTES) {
    throw new HandflowError('INVALID_OPTION', `${shownAs === path ? `gestures file ${path}` : shownAs} would grow past ${MAX_GESTURES_FILE_BYTES / 1024 / 1024} MiB: remove gestures no longer needed, or record fewer samples`);
  }
  await writeWholeFile(path, text).catch((error: unknown) => {
    throw cannotWrite(error, shownAs, WRITABLE_GESTURES_FILE);
  });
}

const WRITABLE_GESTURES_FILE = 'Name a gestures file handflow may write: serve --gestures FILE, or handflow gestures --file FILE';

/**
 * Whether the gestures file could be written (its folder is there and may be written: a whole file is written
 * beside it and moved over it), so that recording is refused before, not after, the user has shown the gesture.
 * @throws HandflowError CANNOT_WRITE
 */
export async function checkGesturesFileWritable(path: string, shownAs = path): Promise<void> {
  await access(dirname(path), constants.W_OK).catch((error: unknown) => {
    throw cannotWrite(error, shownAs, WRITABLE_GESTURES_FILE);
  });
}

async function readGesturesText(path: string): Promise<string> {
  let read: RegularFileRead;
  try {
    read = await readRegularFile(path, MAX_GESTURES_FILE_BYTES);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new HandflowError('INPUT_NOT_FOUND', `gestures file ${path} not found: record a gesture first with "handflow gestures record <name> --source ..."`);
    }
    throw new HandflowError('INPUT_UNREADABLE', `cannot read gestures file ${path}: ${errorMessage(error)}`, { cause: error });
  }
  if ('bytes' in read) return read.bytes.toString('utf8');
  throw corrupt(path, read.refused === 'too large' ? `${read.size} bytes, more than the ${MAX_GESTURES_FILE_BYTES / 1024 / 1024} MiB a gestures file may have` : 'not a regular file');
}

function corrupt(path: string, reason: string): HandflowError {
  return new HandflowError(
    'INPUT_UNREADABLE',
    `gestures file ${path} is not a valid handflow gestures file (${reason}): fix it, or delete it and record the gestures again`,
  );
}
