import { listProjects, type ProjectDefinition } from '../../projects/projects.js';
import { actionName, type ActionConfig } from '../../output/actions/action-config.js';
import type { Command } from '../command.js';
import { writeLine } from '../output-lines.js';
import { parseOptions } from '../parse-options.js';
import { UsageError } from '../usage-error.js';
import { loadCliConfig } from '../load-cli-config.js';

const USAGE = `Usage: handflow projects list [--json] [--config FILE]

Lists the projects "handflow run --project NAME" can run: the built-in ones, then your own from the config
file's "projects" (see README, "Projects"). A wrong project in the config file is named in a one-line error.

Options:
  --json         one JSON object per project: name, description, builtIn, classifiers, customGestures, actions
  --config FILE  settings file (default: handflow.config.json in this folder, if present)`;

export const projectsCommand: Command = {
  summary: 'list the projects: what gestures mean and which actions they set off',
  usage: USAGE,
  async run(args) {
    const { values, positionals } = parseOptions({
      args,
      allowPositionals: true,
      options: { json: { type: 'boolean', default: false }, config: { type: 'string' } },
    });
    if (positionals.length !== 1 || positionals[0] !== 'list') throw new UsageError('expected "handflow projects list"');
    const config = await loadCliConfig(values.config);
    for (const project of listProjects(config)) await writeLine(values.json ? projectJson(project) : projectText(project));
    return 0;
  },
};

function projectJson({ name, description, builtIn, classifiers, customGestures, actions }: ProjectDefinition): string {
  return JSON.stringify({ name, description, builtIn, classifiers, customGestures: customGestures ?? null, actions });
}

function projectText(project: ProjectDefinition): string {
  const actions = project.actions.map(actionText).join(', ') || 'none';
  const classifiers = [...project.classifiers, ...(project.customGestures === undefined ? [] : [`custom (${project.customGestures})`])].join(', ');
  return [`${project.name}${project.builtIn ? '' : ' (yours)'}: ${project.description}`, `  classifiers: ${classifiers}`, `  actions: ${actions}`].join('\n');
}

/** An action in a few words: its name, and what sets it off or what it follows. */
function actionText(action: ActionConfig): string {
  const name = actionName(action);
  switch (action.type) {
    case 'volume':
      return `${name} (volume from ${action.source === 'pinch_distance' ? 'the pinch distance' : 'the finger count'}${action.muteOnFist ? ', a fist mutes' : ''})`;
    case 'mouse':
      return `${name} (mouse: index fingertip, pinch clicks and drags, two fingers scroll)`;
    case 'keyboard':
      return `${name} (keys: ${Object.entries(action.bindings).map(([gesture, keys]) => `${gesture} -> ${keys}`).join(', ')})`;
    case 'notification':
    case 'webhook':
    case 'command':
      return `${name} (${action.type} on ${action.on.join(', ')})`;
    default:
      throw new Error(`unknown action ${action satisfies never}`);
  }
}
