import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const TOKEN_FILE_NAME = 'access-token';

export interface AccessToken {
  readonly token: string;
  readonly path: string;
  /** Made just now: the only time it is printed. */
  readonly created: boolean;
}

/**
 * The server's access token, kept in `folder` readable by its owner only (mode 600); made on first use.
 * A token file someone left readable by others is tightened again.
 */
export async function loadOrCreateAccessToken(folder: string): Promise<AccessToken> {
  const path = join(folder, TOKEN_FILE_NAME);
  try {
    const token = (await readFile(path, 'utf8')).trim();
    if (token.length >= 32) {
      await chmod(path, 0o600);
      return { token, path, created: false };
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const token = randomBytes(32).toString('base64url');
  await writeFile(path, `${token}\n`, { mode: 0o600 });
  await chmod(path, 0o600);
  return { token, path, created: true };
}
