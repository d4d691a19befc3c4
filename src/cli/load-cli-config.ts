import { readStreamCa } from '../ingestion/stream-ca.js';
import { loadConfig, type ConfigSources, type HandflowConfig } from '../orchestrator/config.js';

/**
 * The configuration as a command sees it: the `--config` file (else `handflow.config.json` here), then
 * `HANDFLOW_*` variables, then the command's own flags.
 */
export function loadCliConfig(configFile: string | undefined, flags: Pick<ConfigSources, 'defaults' | 'flags' | 'flagOrigins'> = {}): Promise<HandflowConfig> {
  return loadConfig({ ...(configFile === undefined ? {} : { file: configFile }), env: process.env, ...flags });
}

/**
 * Reads `capture.streamCaFile`, if set, as a command starts (serve, worker, run, doctor), so that a wrong file stops
 * it at once rather than failing each stream. @throws HandflowError INVALID_OPTION
 */
export function checkStreamCa(config: HandflowConfig): void {
  if (config.capture.streamCaFile !== undefined) readStreamCa(config.capture.streamCaFile);
}
