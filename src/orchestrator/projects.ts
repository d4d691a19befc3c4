import { rename, writeFile } from 'node:fs/promises';

import { HandflowError } from '../core/errors.js';
import { parseSettings } from '../core/settings.js';
import { createInferenceEngine, loadInferenceEngine } from '../inference/create-inference-engine.js';
import type { BuiltInClassifierName } from '../inference/inference-config.js';
import type { ActionConfig } from '../output/actions/action-config.js';
import { BUILT_IN_PROJECT_SETTINGS, projectNameProblem, projectSettingsSchema, type ProjectSettings } from '../output/projects/project-settings.js';
import { isPlainObject, readSettingsFile, type HandflowConfig } from './config.js';
import { EngineInference } from '../inference/engine-inference.js';
import type { InferenceOutput, InferenceStage } from '../inference/inference-stage.js';

/** A project: a named preset of what hands mean (its classifiers) and what they do (its actions). */
export interface ProjectDefinition {
  readonly name: string;
  readonly description: string;
  /** Built into handflow, or the user's own from the config file (only those can be changed). */
  readonly builtIn: boolean;
  /** The built-in classifiers it runs. */
  readonly classifiers: readonly BuiltInClassifierName[];
  /** A gestures file (see `handflow gestures`) whose custom gestures it also recognises. */
  readonly customGestures?: string;
  /** What gestures do; every action starts disarmed. */
  readonly actions: readonly ActionConfig[];
  /** The project's classifiers; `mirrored` says whether frames are mirror views (it turns swipe directions). */
  readonly createInference: (context: { readonly mirrored: boolean }) => InferenceStage;
}

/** A project from its checked settings. */
function defineProject(name: string, settings: ProjectSettings, builtIn: boolean): ProjectDefinition {
  const { description, classifiers, customGestures, actions } = settings;
  return {
    name,
    description,
    builtIn,
    classifiers,
    ...(customGestures === undefined ? {} : { customGestures }),
    actions,
    createInference: ({ mirrored }) =>
      customGestures === undefined
        ? new EngineInference(createInferenceEngine({ classifiers: [...classifiers], mirrored }))
        : new CustomGesturesInference(loadInferenceEngine({ classifiers: [...classifiers], customGestures, mirrored })),
  };
}

/** The inference stage of a project with custom gestures, whose file is read as the session starts. */
class CustomGesturesInference implements InferenceStage {
  private readonly inference: Promise<EngineInference>;

  constructor(engine: ReturnType<typeof loadInferenceEngine>) {
    this.inference = engine.then((loaded) => new EngineInference(loaded));
    // A file that cannot be read is reported by the frames, as inference errors, not as an unhandled rejection.
    this.inference.catch(() => {});
  }

  async infer(...args: Parameters<EngineInference['infer']>): Promise<InferenceOutput> {
    return (await this.inference).infer(...args);
  }
}

/** handflow's own projects: finger-counter, volume-control, virtual-mouse, presentation-control, gesture-notify. */
export const PROJECTS: readonly ProjectDefinition[] = Object.freeze(
  Object.entries(BUILT_IN_PROJECT_SETTINGS).map(([name, settings]) => defineProject(name, projectSettingsSchema.parse(settings), true)),
);

/** The built-in projects, then the user's own from the configuration's `projects`. */
export function listProjects(config: Pick<HandflowConfig, 'projects'>): ProjectDefinition[] {
  return [...PROJECTS, ...Object.entries(config.projects).map(([name, settings]) => defineProject(name, settings, false))];
}

/** @throws HandflowError INVALID_OPTION naming the projects there are. */
export function findProject(name: string, projects: readonly ProjectDefinition[] = PROJECTS): ProjectDefinition {
  const project = projects.find((candidate) => candidate.name === name);
  if (project === undefined) {
    throw new HandflowError('INVALID_OPTION', `unknown project "${name}": the projects are ${projects.map((p) => p.name).join(', ')}`);
  }
  return project;
}

/**
 * A user project from settings as the config file's `projects.<name>` holds them (or as a client sends them).
 * @throws HandflowError INVALID_OPTION, one line naming each wrong setting (`projects.<name>.actions.0.url`).
 */
export function parseUserProject(name: string, settings: unknown): ProjectDefinition {
  const problem = projectNameProblem(name);
  if (problem !== undefined) throw new HandflowError('INVALID_OPTION', `invalid setting: projects.${name} ${problem}`);
  return defineProject(name, parseSettings(projectSettingsSchema, settings, { prefix: `projects.${name}` }), false);
}

/**
 * Checks a user project and writes it into the config file's `projects` (adding it, or replacing the one of
 * that name), keeping the file's other settings; a missing file is created. Returns the project.
 * @throws HandflowError INVALID_OPTION for wrong settings, or a config file that is not a JSON object.
 */
export async function saveUserProject(configFile: string, name: string, settings: unknown): Promise<ProjectDefinition> {
  const project = parseUserProject(name, settings);
  const file = (await readSettingsFile(configFile)) ?? {};
  const projects = isPlainObject(file['projects']) ? file['projects'] : {};
  // Written beside it and renamed over it, so a crash never leaves half a config file.
  const temporary = `${configFile}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify({ ...file, projects: { ...projects, [name]: settings } }, null, 2)}\n`);
  await rename(temporary, configFile);
  return project;
}
