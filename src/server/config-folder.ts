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
