import type { Stats } from 'node:fs';
import { stat } from 'node:fs/promises';

import { HandflowError } from './errors.js';

/**
 * Why a file (or folder) is not to be trusted with settings that let it run commands or pick a server: someone
 * other than this user, or root, owns it, or any user may write to it. Undefined when it is this user's alone
 * (and where files have no owners to compare, as on Windows).
 */
export function distrustReason(stats: Pick<Stats, 'uid' | 'mode'>, uid = process.getuid?.()): string | undefined {
  if (uid === undefined) return undefined;
  if (stats.uid !== uid && stats.uid !== 0) return `it belongs to another user (uid ${stats.uid})`;
  if ((stats.mode & 0o002) !== 0) return 'any user may write to it';
  return undefined;
}

/** A file a command looks for by its default name in the current folder: what it is, what it can do, and the flag naming one. */
export interface FoundFile {
  readonly what: string;
  readonly power: string;
  readonly flag: string;
}

/**
 * Refuses a file found by its default name in the current folder (not named by the user) unless it is this user's
 * alone, as git does with a repository: one in a shared folder (/tmp, someone's checkout) may have been put there
 * by another user. A missing file is fine.
 *
 * @throws HandflowError INVALID_OPTION naming the file, why, and how to use it anyway
 */
export async function refuseFoundFileNotOwn(path: string, { what, power, flag }: FoundFile): Promise<void> {
  const stats = await stat(path).catch(() => undefined);
  const why = stats && distrustReason(stats);
  if (why === undefined) return;
  throw new HandflowError(
    'INVALID_OPTION',
    `the ${what} ${path} was not read: ${why}. ${power}, so one found in the current folder is read only when it is yours and no one else may write to it: give it with ${flag} if you trust it, or run handflow from a folder of your own`,
  );
}
