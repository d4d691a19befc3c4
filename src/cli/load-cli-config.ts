import { readStreamCa } from '../ingestion/stream-ca.js';
import { loadConfig, type ConfigSources, type HandflowConfig } from '../orchestrator/config.js';

/**
 * The configuration as a command sees it: the `--config` file (else `handflow.config.json` here), then
 * `HANDFLOW_*` variables, then the command's own flags.
 */
export function loadCliConfig(configFile: string | undefined, flags: Pick<ConfigSources, 'defaults' | 'flags' | 'flagOrigins'> = {}): Promise<HandflowConfig> {
  return loadConfig({ ...(configFile === undefined ? {} : { file: configFile }), env: process.env, ...flags });
}

/** What `serve` and `worker` default to where the schema's defaults suit a command run by hand: a server logs. */
export const SERVER_DEFAULTS: Readonly<Record<string, unknown>> = { log: { level: 'info' } };

/** Where the flags of `serve` and `worker` land in the configuration, so that a wrong value is told by its flag. */
export const SERVER_FLAG_ORIGINS: Readonly<Record<string, string>> = {
  'log.level': '--log-level',
  'cluster.url': '--nats',
  'output.webhookHosts': '--webhook-host',
  'capture.streamCaFile': '--stream-ca',
};

/** `--webhook-host` (repeatable) as settings: when given, the list replaces `output.webhookHosts`. */
export function webhookHostsFlag(hosts: string[] | undefined): { output?: { webhookHosts: string[] } } {
  return hosts === undefined ? {} : { output: { webhookHosts: hosts } };
}

/** `--stream-ca FILE` as settings: when given, it replaces `capture.streamCaFile`. */
export function streamCaFlag(file: string | undefined): { capture?: { streamCaFile: string } } {
  return file === undefined ? {} : { capture: { streamCaFile: file } };
}

/**
 * Reads `capture.streamCaFile`, if set, as a command starts (serve, worker, run, doctor), so that a wrong file stops
 * it at once rather than failing each stream. @throws HandflowError INVALID_OPTION
 */
export function checkStreamCa(config: HandflowConfig): void {
  if (config.capture.streamCaFile !== undefined) readStreamCa(config.capture.streamCaFile);
}
