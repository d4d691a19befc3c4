import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { cannotWrite } from '../../core/cannot-write.js';
import { HandflowError } from '../../core/errors.js';
import { distrustReason } from '../../core/file-owner.js';
import { OWN_FOLDER_ADVICE } from '../config-folder.js';

export const TOKEN_FILE_NAME = 'access-token';

export interface AccessToken {
  readonly token: string;
  readonly path: string;
  /** Made just now: the only time it is printed. */
  readonly created: boolean;
}

/**
 * The server's access token, kept in `folder` readable by its owner only (mode 600); made on first use.
 * A token file someone left readable by others is tightened again. The folder and the file must be this user's
 * alone, and the file is never a link: whoever could put one there would choose the token, or have a new one
 * written over a file of their choosing.
 *
 * @throws HandflowError INVALID_OPTION naming the folder or file and why it is not trusted; CANNOT_WRITE
 */
export async function loadOrCreateAccessToken(folder: string): Promise<AccessToken> {
  const path = join(folder, TOKEN_FILE_NAME);
  try {
    await mkdir(folder, { recursive: true, mode: 0o700 });
    refuseUntrusted(folder, distrustReason(await stat(folder)));
    const kept = await readOwnToken(path);
    if (kept !== undefined && kept.length >= 32) return { token: kept, path, created: false };
    // None, or too short to be one handflow made: a new one, created afresh (never written through a link).
    await rm(path, { force: true });
    const token = randomBytes(32).toString('base64url');
    await writeFile(path, `${token}\n`, { mode: 0o600, flag: 'wx' });
    return { token, path, created: true };
  } catch (error) {
    throw cannotWrite(error, path, OWN_FOLDER_ADVICE);
  }
}

/** The token in the file, its mode made 600, or undefined when there is no file. */
async function readOwnToken(path: string): Promise<string | undefined> {
  let file;
  try {
    file = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ELOOP') refuseUntrusted(path, 'it is a link');
    throw error;
  }
  try {
    const stats = await file.stat();
    refuseUntrusted(path, stats.isFile() ? distrustReason(stats) : 'it is not a regular file');
    await file.chmod(0o600);
    return (await file.readFile('utf8')).trim();
  } finally {
    await file.close();
  }
}

function refuseUntrusted(path: string, why: string | undefined): void {
  if (why === undefined) return;
  throw new HandflowError('INVALID_OPTION', `the access token's ${path} is not trusted: ${why}. Keep it in a folder of your own (HANDFLOW_HOME), as handflow makes it: mode 700, the token file 600`);
}
