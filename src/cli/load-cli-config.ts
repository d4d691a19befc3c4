import { loadConfig, type ConfigSources, type HandflowConfig } from '../orchestrator/config.js';

/**
 * The configuration as a command sees it: the `--config` file (else `handflow.config.json` here), then
 * `HANDFLOW_*` variables, then the command's own flags.
 */
export function loadCliConfig(configFile: string | undefined, flags: Pick<ConfigSources, 'flags' | 'flagOrigins'> = {}): Promise<HandflowConfig> {
  return loadConfig({ ...(configFile === undefined ? {} : { file: configFile }), env: process.env, ...flags });
}
