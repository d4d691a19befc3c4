import { realpath } from 'node:fs/promises';
import { resolve } from 'node:path';

import { folderRoots, isWithinAny } from '../core/folder-roots.js';
import { HandflowError } from '../core/errors.js';

/**
 * The real path of `path` when it is one of `folders` or lies inside one, links followed on both sides (so
 * neither `..` nor a symbolic link leads out). A path elsewhere is refused, naming the folders allowed, before
 * the file is looked for: the answer never tells whether a file outside exists.
 */
export async function allowedFile(path: string, folders: readonly string[]): Promise<string> {
  const allowedRoots = await folderRoots(folders);
  if (!isWithinAny(resolve(path), allowedRoots)) throw notAllowed(path, folders);
  let real: string;
  try {
    real = await realpath(resolve(path));
  } catch {
    throw new HandflowError('INPUT_NOT_FOUND', `no such file: ${path}; upload it, or name a file in ${folders.join(', ')}`);
  }
  if (!isWithinAny(real, allowedRoots)) throw notAllowed(path, folders);
  return real;
}

function notAllowed(path: string, folders: readonly string[]): HandflowError {
  return new HandflowError(
    'FILE_NOT_ALLOWED',
    `${path} is outside the folders this server may read (${folders.join(', ')}): upload the file, move it into one of them, or start the server with --files <folder>`,
  );
}
