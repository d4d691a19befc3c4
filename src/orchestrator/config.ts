import { resolve } from 'node:path';

import { z } from 'zod';

import { HandflowError } from '../core/errors.js';
import { refuseFoundFileNotOwn } from '../core/file-owner.js';
import { parseSettings, scalarSettingPaths } from '../core/settings.js';
import { deepMerge, isPlainObject, readSettingsFile } from '../core/settings-file.js';
import { handLandmarkerSettingsSchema } from '../extraction/hand-landmarker-options.js';
import { inferenceSettingsSchema } from '../inference/inference-config.js';
import { captureConfigSchema } from '../ingestion/capture-config.js';
import { webhookHostsSchema } from '../output/actions/webhook-hosts.js';
import { preprocessConfigSchema } from '../preprocessing/preprocess-config.js';
import { userProjectsSchema } from '../projects/project-settings.js';
import { clusterSettingsSchema } from './cluster-settings.js';
import { LOG_LEVELS } from './logger.js';

/** Every setting of handflow, with its default and its range: each section is the schema of the stage it sets. */
export const handflowConfigSchema = z.strictObject({
  /** What the hands mean and do. Defaults to `finger-counter`. */
  project: z.string().min(1).default('finger-counter'),
  capture: captureConfigSchema.prefault({}),
  preprocess: preprocessConfigSchema.prefault({}),
  /** The landmark engine's options (see HandLandmarkerOptions); `mirrored` follows `capture.mirror`. */
  extraction: handLandmarkerSettingsSchema.omit({ mirrored: true, modelDirectory: true }).prefault({}),
  /** How gestures are read from hands: smoothing, debounce, pinch and swipe thresholds (see InferenceConfig). */
  inference: inferenceSettingsSchema.prefault({}),
  pipeline: z
    .strictObject({
      /** Samples kept for each stage's percentiles. Defaults to 300 (10 s at 30 fps). */
      metricsWindow: z.number().int().min(10).max(100_000).default(300),
      /** The profiler warns when a stage averages more than this. Defaults to 30 ms. */
      slowStageMs: z.number().min(1).max(60_000).default(30),
      /** Frames failing in a row before the session stops. Defaults to 25. */
      maxConsecutiveFrameErrors: z.number().int().min(1).max(100_000).default(25),
      /**
       * Find each session's hands on a thread of its own (models and tracking): `auto` (the default) does for a
       * session started while others run in the same process (serve, workers) on a machine of several cores, so
       * a lone session stays on the main thread; `on` always; `off` never. On 2 cores, two streams in one process
       * did 1.24-1.47x one stream's frames a second with threads and 1.07x without (npm run bench:streams,
       * docs/deployment.md).
       */
      sessionThreads: z.enum(['auto', 'on', 'off']).default('auto'),
    })
    .prefault({}),
  /** The user's own projects by name (see README "Projects"), beside the built-in ones. */
  projects: userProjectsSchema.default({}),
  output: z
    .strictObject({
      /** Every action logs what it would do instead of doing it. Defaults to false. */
      dryRun: z.boolean().default(false),
      /** Projects may have command actions, which run programs on gestures. Defaults to false. */
      allowCommands: z.boolean().default(false),
      /**
       * The hosts webhook actions may POST to (`--webhook-host`): names, `*.domain`, addresses or ranges, as
       * `--stream-host`. With a list, a webhook to another host stops its session from starting and redirects are
       * not followed. Defaults to none: any host.
       */
      webhookHosts: webhookHostsSchema,
      /** An event listener's call not finished after this long is given up on (logged and counted). Defaults to 2000 ms. */
      listenerTimeoutMs: z.number().int().min(1).max(600_000).default(2000),
    })
    .prefault({}),
  /** Files uploaded to the server (`handflow serve`) for file sessions. */
  uploads: z
    .strictObject({
      /** One upload, at most. Defaults to 512 MiB. */
      maxFileBytes: z.number().int().min(1).max(2 ** 40).default(512 * 1024 * 1024),
      /** All uploads kept at once, at most. Defaults to 2 GiB. */
      maxTotalBytes: z.number().int().min(1).max(2 ** 44).default(2 * 1024 * 1024 * 1024),
      /** An upload no session reads is deleted once this old. Defaults to 60 minutes. */
      maxAgeMinutes: z.number().min(1).max(525_600).default(60),
      /** An upload is deleted when the last session started on it ends. Defaults to true. */
      deleteAfterSession: z.boolean().default(true),
    })
    .prefault({}),
  /** The NATS cluster of `handflow worker` and `handflow serve --nats` (see docs/deployment.md). */
  cluster: clusterSettingsSchema.prefault({}),
  log: z.strictObject({ /** Defaults to `silent`: handflow is quiet unless asked. */ level: z.enum(LOG_LEVELS).default('silent') }).prefault({}),
});

export type HandflowConfig = z.output<typeof handflowConfigSchema>;

/**
 * The settings that environment variables set: every single-valued setting of the schema (`HANDFLOW_` and the
 * path in capitals: `capture.fps` -> `HANDFLOW_CAPTURE_FPS`). Lists and the user's projects are set in the file.
 */
export const ENV_SETTINGS: readonly string[] = scalarSettingPaths(handflowConfigSchema);

export const CONFIG_FILE_NAME = 'handflow.config.json';

export interface ConfigSources {
  /** A config file named by the user (it must exist); else `handflow.config.json` in `cwd` when present. */
  readonly file?: string;
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** The command's own defaults, beneath the file (a server logs at `info`), as a partial config. */
  readonly defaults?: Record<string, unknown>;
  /** Settings from command-line flags, as a partial config; `origins` names the flag of each path. */
  readonly flags?: Record<string, unknown>;
  readonly flagOrigins?: Readonly<Record<string, string>>;
}

/** The environment variable of a setting path. */
export function envName(path: string): string {
  return `HANDFLOW_${path.replace(/([a-z])([A-Z])/g, '$1_$2').replace(/\./g, '_').toUpperCase()}`;
}

/**
 * The configuration: defaults (the schema's, then the command's) < config file < environment < flags, validated once. A wrong setting throws
 * INVALID_OPTION naming it and where it came from.
 */
export async function loadConfig(sources: ConfigSources = {}): Promise<HandflowConfig> {
  const origins = new Map<string, string>();
  const file = await readConfigFile(sources);
  if (file !== undefined) for (const path of leafPaths(file.settings)) origins.set(path, file.name);
  const env = envSettings(sources.env ?? {});
  for (const path of leafPaths(env.settings)) origins.set(path, env.names.get(path)!);
  for (const path of leafPaths(sources.flags ?? {})) origins.set(path, sources.flagOrigins?.[path] ?? 'the command line');

  const merged = [sources.defaults ?? {}, file?.settings ?? {}, env.settings, sources.flags ?? {}].reduce(deepMerge, {});
  return parseSettings(handflowConfigSchema, merged, { origin: (path) => originOf(path, origins) });
}

/**
 * Where a setting came from: its own origin, or that of the list or object it is in (a file's
 * `projects.x.actions` is one value, so `projects.x.actions.0.url` came from the file too).
 */
function originOf(path: string, origins: ReadonlyMap<string, string>): string | undefined {
  const parts = path.split('.');
  for (let length = parts.length; length > 0; length--) {
    const origin = origins.get(parts.slice(0, length).join('.'));
    if (origin !== undefined) return origin;
  }
  return undefined;
}

async function readConfigFile({ file, cwd = process.cwd() }: ConfigSources): Promise<{ name: string; settings: Record<string, unknown> } | undefined> {
  const path = resolve(cwd, file ?? CONFIG_FILE_NAME);
  // Found rather than named: it could have been put there by another user (see refuseFoundFileNotOwn).
  if (file === undefined) await refuseFoundFileNotOwn(path, { what: 'config file', power: 'A config file can allow commands and name a cluster', flag: '--config' });
  const settings = await readSettingsFile(path);
  if (settings === undefined && file !== undefined) throw new HandflowError('INVALID_OPTION', `cannot read the config file ${path}: it does not exist`);
  return settings === undefined ? undefined : { name: file ?? CONFIG_FILE_NAME, settings };
}

/** Settings from `HANDFLOW_*` variables; values are read as JSON when they are (numbers, booleans), else as text. */
function envSettings(env: NodeJS.ProcessEnv): { settings: Record<string, unknown>; names: Map<string, string> } {
  let settings: Record<string, unknown> = {};
  const names = new Map<string, string>();
  for (const path of ENV_SETTINGS) {
    const name = envName(path);
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    names.set(path, name);
    settings = deepMerge(settings, nest(path, parseEnvValue(raw)));
  }
  return { settings, names };
}

function parseEnvValue(raw: string): unknown {
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === 'number' || typeof value === 'boolean' ? value : raw;
  } catch {
    return raw;
  }
}

function nest(path: string, value: unknown): Record<string, unknown> {
  return path.split('.').reduceRight<Record<string, unknown>>((inner, key) => ({ [key]: inner }), value as Record<string, unknown>);
}


function leafPaths(settings: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(settings).flatMap(([key, value]) =>
    // An empty object is a leaf too, so a setting given as {} still has an origin to name.
    isPlainObject(value) && Object.keys(value).length > 0 ? leafPaths(value, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}
