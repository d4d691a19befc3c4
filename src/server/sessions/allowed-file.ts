import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';

import { ApiError } from '../errors.js';

/**
 * The real path of `path` when it lies inside one of `folders`, links followed on both sides (so neither
 * `..` nor a symbolic link leads out). A path elsewhere is refused, naming the folders allowed, before the
 * file is looked for: the answer never tells whether a file outside exists.
 */
export async function allowedFile(path: string, folders: readonly string[]): Promise<string> {
  const roots = await Promise.all(folders.map(async (folder) => [resolve(folder), await realpath(folder).catch(() => undefined)]));
  const allowedRoots = roots.flat().filter((root): root is string => root !== undefined);
  if (!isInsideAny(resolve(path), allowedRoots)) throw notAllowed(path, folders);
  let real: string;
  try {
    real = await realpath(resolve(path));
  } catch {
    throw new ApiError('INPUT_NOT_FOUND', `no such file: ${path}; upload it, or name a file in ${folders.join(', ')}`);
  }
  if (!isInsideAny(real, allowedRoots)) throw notAllowed(path, folders);
  return real;
}

function isInsideAny(path: string, roots: readonly string[]): boolean {
  return roots.some((root) => {
    const inside = relative(root, path);
    return inside !== '' && !inside.startsWith('..') && !isAbsolute(inside);
  });
}

function notAllowed(path: string, folders: readonly string[]): ApiError {
  return new ApiError(
    'FILE_NOT_ALLOWED',
    `${path} is outside the folders this server may read (${folders.join(', ')}): upload the file, move it into one of them, or start the server with --files <folder>`,
  );
}
