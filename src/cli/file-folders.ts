import { statSync } from 'node:fs';
import { resolve } from 'node:path';

import { UsageError } from './usage-error.js';

/**
 * The folders file sessions may read (`--files`, repeatable; the working folder when none is given), each checked
 * to be one: a folder that is not there would refuse every file later, with the server seeming fine.
 * @throws UsageError naming the folder
 */
export function fileFoldersOption(given: readonly string[] | undefined): string[] {
  const folders = (given ?? [process.cwd()]).map((folder) => resolve(folder));
  for (const folder of folders) {
    const stats = statSync(folder, { throwIfNoEntry: false });
    if (stats === undefined) throw new UsageError(`--files ${folder}: there is no such folder`);
    if (!stats.isDirectory()) throw new UsageError(`--files ${folder} is a file: give the folder that sessions may read files from`);
  }
  return folders;
}
