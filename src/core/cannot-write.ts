import { errorMessage, HandflowError } from './errors.js';

/** File-system errors a user fixes on the disk or the folder, not in handflow, in their words. */
const REASONS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'not permitted',
  EROFS: 'the disk is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  ENOTDIR: 'part of the path is a file, not a folder',
  EEXIST: 'a file is where a folder should be',
  EISDIR: 'it is a folder',
  ENOENT: 'its folder does not exist',
  ENAMETOOLONG: 'the name is too long',
};

/**
 * `error` from creating or writing `path` as CANNOT_WRITE, naming the path, the reason and `advice` (what to do
 * instead), when it is one of those a user fixes on the disk; anything else as it is.
 */
export function cannotWrite(error: unknown, path: string, advice: string): unknown {
  const reason = reasonOf(error);
  return reason === undefined ? error : new HandflowError('CANNOT_WRITE', `cannot write ${path}: ${reason}. ${advice}`, { cause: error });
}

/** Why a write failed, in the user's words where it is one they fix on the disk. */
export function writeFailure(error: unknown): string {
  return reasonOf(error) ?? errorMessage(error);
}

function reasonOf(error: unknown): string | undefined {
  return REASONS[(error as NodeJS.ErrnoException | null)?.code ?? ''];
}
