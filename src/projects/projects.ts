import { HandflowError } from '../core/errors.js';
import { cannotWrite } from '../core/cannot-write.js';
import { writeWholeFile } from '../core/write-whole-file.js';
import { parseSettings } from '../core/settings.js';
import { isPlainObject, readSettingsFile } from '../core/settings-file.js';
import type { BuiltInClassifierName, InferenceSettingsInput } from '../inference/inference-config.js';
import type { ActionConfig } from '../output/actions/action-config.js';
import { checkActionPolicy, type ActionPolicy } from '../output/actions/action-policy.js';
import { BUILT_IN_PROJECT_SETTINGS, projectNameProblem, projectSettingsSchema, type ProjectSettings, type ProjectSettingsInput } from './project-settings.js';

/** A project: a named preset of what hands mean (its classifiers) and what they do (its actions). Plain data. */
export interface ProjectDefinition {
  readonly name: string;
  readonly description: string;
  /** Built into handflow, or the user's own from the config file (only those can be changed). */
  readonly builtIn: boolean;
  /** The built-in classifiers whose gestures it acts on. */
  readonly classifiers: readonly BuiltInClassifierName[];
  /** A gestures file (see `handflow gestures`) whose custom gestures it also acts on. */
  readonly customGestures?: string;
  /** What gestures do; every action starts disarmed. */
  readonly actions: readonly ActionConfig[];
  /** Its own inference settings, laid over the configuration's `inference` section. */
  readonly inference?: InferenceSettingsInput;
}

/** The `projects` setting: the user's own projects by name, as checked settings. */
export type UserProjects = Readonly<Record<string, ProjectSettings>>;

function defineProject(name: string, { description, classifiers, customGestures, actions, inference }: ProjectSettings, builtIn: boolean): ProjectDefinition {
  return { name, description, builtIn, classifiers, ...(customGestures === undefined ? {} : { customGestures }), actions, ...(inference === undefined ? {} : { inference }) };
}

/** handflow's own projects: finger-counter, volume-control, virtual-mouse, presentation-control, gesture-notify. */
export const PROJECTS: readonly ProjectDefinition[] = Object.freeze(
  Object.entries(BUILT_IN_PROJECT_SETTINGS).map(([name, settings]) => defineProject(name, projectSettingsSchema.parse(settings), true)),
);

/** The built-in projects, then the user's own. */
export function listProjects({ projects }: { readonly projects: UserProjects }): ProjectDefinition[] {
  return [...PROJECTS, ...Object.entries(projects).map(([name, settings]) => defineProject(name, settings, false))];
}

/** @throws HandflowError PROJECT_NOT_FOUND naming the projects there are. */
export function findProject(name: string, projects: readonly ProjectDefinition[] = PROJECTS): ProjectDefinition {
  const project = projects.find((candidate) => candidate.name === name);
  if (project === undefined) {
    throw new HandflowError('PROJECT_NOT_FOUND', `unknown project "${name}": the projects are ${projects.map((p) => p.name).join(', ')}`);
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

/** A project's own settings, as its entry in a config file would hold them: what parseUserProject reads back. */
export function projectSettingsOf({ description, classifiers, customGestures, actions, inference }: ProjectDefinition): ProjectSettingsInput {
  return { description, classifiers: [...classifiers], ...(customGestures === undefined ? {} : { customGestures }), actions: [...actions], ...(inference === undefined ? {} : { inference }) };
}

/** What a project saved by a client may do: run its actions on this server, and have it read its gestures file. */
export interface SaveRules {
  readonly actions: ActionPolicy;
  /** @throws HandflowError when the client may not name this file (FILE_NOT_ALLOWED) */
  readonly checkGesturesFile: (path: string) => Promise<void>;
}

/**
 * Checks a user project, its actions against what the server lets actions do, and its gestures file against the
 * files its client may name (`rules`), and writes it into the config file's `projects` (adding it, or replacing
 * the one of that name), keeping the file's other settings; a missing file is created. Returns the project.
 * @throws HandflowError INVALID_OPTION for wrong settings, or a config file that is not a JSON object; CANNOT_WRITE; as
 *   checkActionPolicy for an action the policy does not allow (a project this server would refuse to run); as
 *   `rules.checkGesturesFile`.
 */
export async function saveUserProject(configFile: string, name: string, settings: unknown, rules: SaveRules): Promise<ProjectDefinition> {
  const project = parseUserProject(name, settings);
  checkActionPolicy(name, project.actions, rules.actions);
  if (project.customGestures !== undefined) await rules.checkGesturesFile(project.customGestures);
  const file = (await readSettingsFile(configFile)) ?? {};
  const projects = isPlainObject(file['projects']) ? file['projects'] : {};
  await writeWholeFile(configFile, `${JSON.stringify({ ...file, projects: { ...projects, [name]: settings } }, null, 2)}\n`).catch((error: unknown) => {
    throw cannotWrite(error, configFile, 'Start handflow in a folder it may write, or name a config file it may write with --config');
  });
  return project;
}
