import { constants } from 'node:fs';
import { open } from 'node:fs/promises';

/** A file read whole, or why it was not: it is a folder, something else that is not a regular file, or too large. */
export type RegularFileRead =
  | { readonly bytes: Buffer }
  | { readonly refused: 'a folder' | 'not a regular file' }
  | { readonly refused: 'too large'; readonly size: number };

/**
 * Reads a regular file whole, refusing anything else before reading a byte. It is opened non-blocking and checked
 * on the handle it is read from: a named pipe would hold a blocking open (and one of the four threads Node does
 * file work on) until something wrote to it, and a device such as /dev/zero never ends.
 *
 * @throws the open's own error (ENOENT, EACCES, ...) when the file cannot be opened
 */
export async function readRegularFile(path: string, maxBytes: number): Promise<RegularFileRead> {
  const file = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stats = await file.stat();
    if (stats.isDirectory()) return { refused: 'a folder' };
    if (!stats.isFile()) return { refused: 'not a regular file' };
    if (stats.size > maxBytes) return { refused: 'too large', size: stats.size };
    return { bytes: await file.readFile() };
  } finally {
    await file.close();
  }
}
