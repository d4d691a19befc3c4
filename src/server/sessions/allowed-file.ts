import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';

import { ApiError } from '../errors.js';

/**
 * The real path of `path` when it lies inside one of `folders`, links followed on both sides (so neither
 * `..` nor a symbolic link leads out). A path elsewhere is refused, naming the folders allowed.
 */
export async function allowedFile(path: string, folders: readonly string[]): Promise<string> {
  let real: string;
  try {
    real = await realpath(resolve(path));
  } catch {
    throw new ApiError('INPUT_NOT_FOUND', `no such file: ${path}; upload it, or name a file in ${folders.join(', ')}`);
  }
  for (const folder of folders) {
    const root = await realpath(folder).catch(() => undefined);
    if (root === undefined) continue;
    const inside = relative(root, real);
    if (inside !== '' && !inside.startsWith('..') && !isAbsolute(inside)) return real;
  }
  throw new ApiError(
    'FILE_NOT_ALLOWED',
    `${path} is outside the folders this server may read (${folders.join(', ')}): upload the file, move it into one of them, or start the server with --files <folder>`,
  );
}
