import type { Logger } from 'pino';

import { parseSettings } from '../core/settings.js';
import { deepMerge } from '../core/settings-file.js';
import { CUSTOM_CLASSIFIER_NAMES } from '../inference/custom/gesture-kinds.js';
import { inferenceSettingsSchema, type InferenceSettings } from '../inference/inference-config.js';
import { EngineInference } from '../inference/engine-inference.js';
import type { SystemControls } from '../output/actions/system-controls.js';
import { EventDispatcher, type OutputListener } from '../output/events/event-dispatcher.js';
import type { WallClock } from '../output/events/output-event.js';
import { actionPolicy, type ActionPolicySettings } from '../output/actions/action-policy.js';
import { ProjectOutput } from '../output/project-output.js';
import type { DryRunEntry } from '../output/system/dry-run.js';
import type { ProjectDefinition } from './projects.js';

/** What a display shows of every hand whatever the project: its finger count and its pose. */
export const SHOWN_CLASSIFIERS = ['finger_count', 'static'] as const;

/** The `output` settings of a configuration: those of the action policy (commands, webhook hosts) and these. */
export interface OutputSettings extends ActionPolicySettings {
  readonly dryRun: boolean;
  readonly listenerTimeoutMs: number;
}

export interface ProjectStagesOptions {
  readonly project: ProjectDefinition;
  readonly inference: InferenceSettings;
  readonly output: OutputSettings;
  /** The frames are mirror views (swipe directions turn with them). */
  readonly mirrored: boolean;
  /** Custom gestures to show when the project has none of its own (the server's gestures file); optional to use. */
  readonly shownGestures?: string;
  /** Who hears every output event, each isolated from the others (a JSON printer, a WebSocket broadcast). */
  readonly listeners?: readonly { readonly listener: OutputListener; readonly name: string }[];
  /** Told what a dry run would have done. Defaults to an info log line. */
  readonly onDryRun?: (entry: DryRunEntry) => void;
  readonly controls?: SystemControls;
  readonly clock?: WallClock;
  readonly logger: Logger;
}

/** A project's inference and output stages: one engine for what is shown and what is acted on. */
export interface ProjectStages {
  readonly inference: EngineInference;
  readonly output: ProjectOutput;
  readonly dispatcher: EventDispatcher;
}

/** The configuration's inference settings with the project's own laid over them. */
function projectInference(configured: InferenceSettings, project: ProjectDefinition): InferenceSettings {
  if (project.inference === undefined) return configured;
  return parseSettings(inferenceSettingsSchema, deepMerge(configured as Record<string, unknown>, project.inference as Record<string, unknown>), {
    prefix: `projects.${project.name}.inference`,
  });
}

/**
 * The stages a project configures. Its classifiers and the shown ones run in one engine, so what a display
 * shows and what the project acts on come from the same hands; only the project's own classifiers report
 * gestures. Every `output` setting applies: a dry run stays a dry run however the actions are armed.
 *
 * @throws HandflowError INVALID_OPTION (a command action where commands are not allowed, a wrong setting),
 *   WEBHOOK_HOST_NOT_ALLOWED (a webhook to a host not listed), or what makes the project's own gestures file unusable.
 */
export async function createProjectStages(options: ProjectStagesOptions): Promise<ProjectStages> {
  const { project, logger } = options;
  const custom = project.customGestures ?? options.shownGestures;
  const ownGestures = project.customGestures !== undefined;
  const settings = projectInference(options.inference, project);
  const inference = await EngineInference.create({
    engine: { ...settings, classifiers: [...new Set([...project.classifiers, ...SHOWN_CLASSIFIERS])], mirrored: options.mirrored },
    ...(custom === undefined
      ? {}
      : { customGestures: { file: custom, required: ownGestures, onUnavailable: (reason) => (ownGestures ? logger.warn({ reason }, "the project's custom gestures are off until they are trained") : logger.debug({ reason }, 'custom gestures not shown')) } }),
    reporting: [...project.classifiers, ...(project.customGestures === undefined ? [] : CUSTOM_CLASSIFIER_NAMES)],
    ...(settings.engagement.required ? { engagement: settings.engagement } : {}),
  });
  const dispatcher = new EventDispatcher({ listenerTimeoutMs: options.output.listenerTimeoutMs, logger });
  for (const { listener, name } of options.listeners ?? []) dispatcher.addListener(listener, name);
  const output = new ProjectOutput({
    project,
    dispatcher,
    logger,
    dryRun: options.output.dryRun,
    policy: actionPolicy(options.output),
    ...(options.onDryRun === undefined ? {} : { onDryRun: options.onDryRun }),
    ...(options.controls === undefined ? {} : { controls: options.controls }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  });
  return { inference, output, dispatcher };
}
