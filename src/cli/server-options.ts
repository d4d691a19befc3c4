import { StreamHosts } from '../ingestion/stream-hosts.js';
import type { HandflowConfig } from '../orchestrator/config.js';
import { fileFoldersOption } from './file-folders.js';
import { checkStreamCa, loadCliConfig } from './load-cli-config.js';

/**
 * The options `serve` and `worker` share, as parseArgs takes them: where sources may come from and webhooks go,
 * the settings file, the log level and the cluster. Each command adds its own.
 */
export const SERVER_OPTIONS = {
  files: { type: 'string', multiple: true },
  'stream-host': { type: 'string', multiple: true },
  'stream-ca': { type: 'string' },
  'webhook-host': { type: 'string', multiple: true },
  config: { type: 'string' },
  'log-level': { type: 'string' },
  nats: { type: 'string' },
} as const;

/** What parseArgs gives for SERVER_OPTIONS. */
export interface ServerOptionValues {
  readonly files?: string[] | undefined;
  readonly 'stream-host'?: string[] | undefined;
  readonly 'stream-ca'?: string | undefined;
  readonly 'webhook-host'?: string[] | undefined;
  readonly config?: string | undefined;
  readonly 'log-level'?: string | undefined;
  readonly nats?: string | undefined;
}

/** What a server or worker starts with, from those options. */
export interface ServerSetup {
  readonly config: HandflowConfig;
  /** Folders file sources may come from. */
  readonly fileFolders: string[];
  /** Hosts stream sources may come from. */
  readonly streamHosts: StreamHosts;
}

/** A server logs where the schema's defaults suit a command run by hand: beneath the file and the variables. */
const SERVER_DEFAULTS: Readonly<Record<string, unknown>> = { log: { level: 'info' } };

/** Where the flags land in the configuration, so that a wrong value is told by its flag. */
const FLAG_ORIGINS: Readonly<Record<string, string>> = {
  'log.level': '--log-level',
  'cluster.url': '--nats',
  'output.webhookHosts': '--webhook-host',
  'capture.streamCaFile': '--stream-ca',
};

/**
 * The options read and checked: the configuration (the `--config` file or handflow.config.json, then HANDFLOW_*
 * variables, then the flags), the folders and the hosts; a certificates file that cannot be used stops the start.
 * @throws UsageError, HandflowError naming the option or setting
 */
export async function serverSetup(values: ServerOptionValues): Promise<ServerSetup> {
  const fileFolders = fileFoldersOption(values.files);
  const streamHosts = StreamHosts.parse(values['stream-host'] ?? []);
  const flags = {
    ...(values['log-level'] === undefined ? {} : { log: { level: values['log-level'] } }),
    ...(values.nats === undefined ? {} : { cluster: { url: values.nats } }),
    ...(values['webhook-host'] === undefined ? {} : { output: { webhookHosts: values['webhook-host'] } }),
    ...(values['stream-ca'] === undefined ? {} : { capture: { streamCaFile: values['stream-ca'] } }),
  };
  const config = await loadCliConfig(values.config, { defaults: SERVER_DEFAULTS, flags, flagOrigins: FLAG_ORIGINS });
  checkStreamCa(config);
  return { config, fileFolders, streamHosts };
}
