import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the server keeps its own files (the access token, uploaded videos): `HANDFLOW_HOME` when set, else
 * `$XDG_CONFIG_HOME/handflow`, else `~/.config/handflow`.
 */
export function defaultConfigFolder(env: NodeJS.ProcessEnv = process.env): string {
  if (env.HANDFLOW_HOME) return env.HANDFLOW_HOME;
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'handflow');
}

/** What to do about a server folder handflow cannot make or write. */
export const OWN_FOLDER_ADVICE = "Make it this user's (chown), or set HANDFLOW_HOME to a folder of your own";
