import { z } from 'zod';

import { isPlainObject } from '../core/settings-file.js';
import { BUILT_IN_CLASSIFIERS, inferenceSettingsSchema, type BuiltInClassifierName, type InferenceSettingsInput } from '../inference/inference-config.js';
import { actionConfigSchema, actionName, actionTriggers, type ActionConfig } from '../output/actions/action-config.js';
import { BUILT_IN_GESTURE_NAMES, classifierOf } from '../output/actions/gesture-name.js';

/**
 * A project's settings, as the config file's `projects.<name>` (and the server's API) give them, checked as
 * a whole: action names are unique, every gesture an action waits for exists, and the classifier that
 * sees it runs.
 */
export const projectSettingsSchema = z
  .strictObject({
    /** What the project is for, one line. */
    description: z.string().default(''),
    /** The built-in classifiers to run. Defaults to all four. */
    classifiers: z.array(z.enum(BUILT_IN_CLASSIFIERS)).default([...BUILT_IN_CLASSIFIERS]),
    /** A gestures file of custom gestures to recognise too. Defaults to none. */
    customGestures: z.string().min(1).optional(),
    /** What gestures do. Defaults to nothing. */
    actions: z.array(actionConfigSchema).default([]),
    /**
     * The project's own inference settings (engagement, swipe, pinch, static, ...), laid over the
     * configuration's `inference` section. Defaults to none.
     */
    inference: z.custom<InferenceSettingsInput>(isPlainObject, { message: 'must be an object of inference settings' }).optional(),
  })
  .superRefine((project, context) => {
    const inference = inferenceSettingsSchema.safeParse(project.inference ?? {});
    for (const issue of inference.error?.issues ?? []) context.addIssue({ ...issue, path: ['inference', ...issue.path] } as never);
    const named = new Set<string>();
    project.actions.forEach((action, index) => {
      const name = actionName(action);
      if (named.has(name)) context.addIssue({ code: 'custom', path: ['actions', index, 'name'], message: `is "${name}" again: give each action its own name` });
      named.add(name);
      for (const problem of actionProblems(action, project)) context.addIssue({ code: 'custom', path: ['actions', index, ...problem.path], message: problem.message });
    });
  });

export type ProjectSettingsInput = z.input<typeof projectSettingsSchema>;
export type ProjectSettings = z.output<typeof projectSettingsSchema>;

/** What is wrong with an action in its project: gestures that do not exist, or whose classifier does not run. */
function actionProblems(action: ActionConfig, project: ProjectSettings): { path: (string | number)[]; message: string }[] {
  const needs = (classifier: BuiltInClassifierName, path: (string | number)[], what: string) =>
    project.classifiers.includes(classifier) ? [] : [{ path, message: `${what} needs the ${classifier} classifier: add "${classifier}" to classifiers` }];
  switch (action.type) {
    case 'volume':
      return [
        ...needs(action.source === 'pinch_distance' ? 'pinch' : 'finger_count', ['source'], `source ${action.source}`),
        ...(action.muteOnFist ? needs('static', ['muteOnFist'], 'muting on a fist') : []),
      ];
    case 'mouse':
      return needs('pinch', ['type'], 'the mouse (pinch to click)');
    default: {
      const field = action.type === 'keyboard' ? 'bindings' : 'on';
      return actionTriggers(action).flatMap((gesture) => {
        const classifier = classifierOf(gesture);
        if (classifier !== undefined) return needs(classifier, [field, gesture], `"${gesture}"`);
        if (project.customGestures !== undefined) return [];
        return [{ path: [field, gesture], message: `"${gesture}" is not a gesture: use ${BUILT_IN_GESTURE_NAMES.join(', ')}, or a custom gesture with customGestures` }];
      });
    }
  }
}

/** handflow's own projects, by name. */
export const BUILT_IN_PROJECT_SETTINGS: Readonly<Record<string, ProjectSettingsInput>> = Object.freeze({
  'finger-counter': { description: 'counts the fingers held up; no actions', classifiers: ['finger_count'] },
  'volume-control': {
    description: 'the system volume follows the thumb-to-index distance; a fist mutes',
    classifiers: ['pinch', 'static'],
    actions: [{ type: 'volume', source: 'pinch_distance', muteOnFist: true }],
    // The volume follows any hand in view: only once someone engages (open palm held still) does it listen.
    inference: { engagement: { required: true } },
  },
  'virtual-mouse': {
    description: 'the index fingertip moves the cursor; pinch clicks, pinch and hold drags, two fingers scroll',
    classifiers: ['pinch'],
    actions: [{ type: 'mouse' }],
    // Hands talking, typing or signing make pinch-like shapes: the mouse follows only an engaged hand.
    inference: { engagement: { required: true } },
  },
  'presentation-control': {
    description: 'swipe left for the next slide (Right arrow), right for the previous one (Left arrow)',
    classifiers: ['swipe'],
    // Swiping left pulls the next slide in from the right, as on a touch screen.
    actions: [{ type: 'keyboard', bindings: { swipe_left: 'right', swipe_right: 'left' } }],
  },
  'gesture-notify': {
    description: 'a desktop notification on thumbs up and thumbs down',
    classifiers: ['static'],
    actions: [{ type: 'notification', on: ['thumbs_up', 'thumbs_down'], body: '{gesture}' }],
  },
});

/** Why `name` cannot name a user project, or undefined when it can. */
export function projectNameProblem(name: string): string | undefined {
  if (!/^[a-z0-9][a-z0-9_-]*$/.test(name)) return 'is not a project name: use lower-case letters, digits, - and _';
  if (Object.hasOwn(BUILT_IN_PROJECT_SETTINGS, name)) return 'is a built-in project: choose another name';
  return undefined;
}

/** The `projects` setting: user projects by name, none named like a built-in one. */
export const userProjectsSchema = z.record(z.string(), projectSettingsSchema).superRefine((projects, context) => {
  for (const name of Object.keys(projects)) {
    const problem = projectNameProblem(name);
    if (problem !== undefined) context.addIssue({ code: 'custom', path: [name], message: problem });
  }
});
