import type { Stats } from 'node:fs';

/**
 * Why a file (or folder) is not to be trusted with settings that let it run commands or pick a server: someone
 * other than this user, or root, owns it, or any user may write to it. Undefined when it is this user's alone
 * (and where files have no owners to compare, as on Windows).
 */
export function notOwnTrust(stats: Pick<Stats, 'uid' | 'mode'>, uid = process.getuid?.()): string | undefined {
  if (uid === undefined) return undefined;
  if (stats.uid !== uid && stats.uid !== 0) return `it belongs to another user (uid ${stats.uid})`;
  if ((stats.mode & 0o002) !== 0) return 'any user may write to it';
  return undefined;
}
