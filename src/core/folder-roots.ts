import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * Each folder as written (resolved) and as it really is (links followed), so a path spelled either way can
 * be checked against it. A folder that does not exist keeps its resolved spelling only.
 */
export async function folderRoots(folders: readonly string[]): Promise<string[]> {
  const roots = await Promise.all(folders.map(async (folder) => [resolve(folder), await realpath(folder).catch(() => undefined)]));
  return [...new Set(roots.flat().filter((root): root is string => root !== undefined))];
}

/** Whether `path` (absolute) is one of `roots` or inside one, by its spelling alone (resolve links first). */
export function isWithinAny(path: string, roots: readonly string[]): boolean {
  return roots.some((root) => {
    const inside = relative(root, path);
    return inside === '' || (inside !== '..' && !inside.startsWith(`..${sep}`) && !isAbsolute(inside));
  });
}
