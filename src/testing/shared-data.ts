import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the nearest folder above this module holding package.json. */
export const repoRoot = ((): string => {
  let folder = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(folder, 'package.json'))) {
    const parent = dirname(folder);
    if (parent === folder) throw new Error('handflow tests must run inside the repository (no package.json found above them)');
    folder = parent;
  }
  return folder;
})();

/**
 * The path of a file in the real third-party test data kept beside the repository (`../shared/data`).
 * Throws with a clear message when it is missing, so a test never passes on absent data.
 */
export function sharedData(relativePath: string): string {
  const path = resolve(repoRoot, '..', 'shared', 'data', relativePath);
  if (!existsSync(path)) {
    throw new Error(`test data ${relativePath} is missing: expected at ${path} (see ../shared/data/README.md)`);
  }
  return path;
}
