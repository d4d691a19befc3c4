import { randomUUID } from 'node:crypto';
import { open, rename, rm, stat } from 'node:fs/promises';

/** How a file written whole is created. */
export interface WriteWholeFileOptions {
  /**
   * The permissions of a file that did not exist (less the umask). Defaults to 0o600: what is written may hold
   * secrets (webhook URLs and their headers), and a file readable by everyone cannot be made private afterwards.
   */
  readonly newFileMode?: number;
}

/**
 * Writes `path` whole or not at all: into a temporary file of its own beside it (a name no other writer uses),
 * flushed to disk, then renamed over it. A crash, or another writer at the same time, never leaves half a file.
 * The replacement keeps the permissions of the file it replaces, so a file its owner made private stays private.
 */
export async function writeWholeFile(path: string, data: string | Uint8Array, { newFileMode = 0o600 }: WriteWholeFileOptions = {}): Promise<void> {
  const keptMode = await permissionsOf(path);
  const temporary = `${path}.${randomUUID()}.tmp`;
  try {
    const file = await open(temporary, 'wx', keptMode ?? newFileMode);
    try {
      // open's mode loses the umask's bits: an existing file's mode is set whole, as its owner chose it.
      if (keptMode !== undefined) await file.chmod(keptMode);
      await file.writeFile(data);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** The permission bits of the file at `path`, or undefined when there is none. */
async function permissionsOf(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).mode & 0o777;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
