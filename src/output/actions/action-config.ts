import { z } from 'zod';
import { errorMessage } from '../../core/errors.js';
import { isPipelineStage, PIPELINE_STAGES } from '../../core/pipeline-stages.js';
import { parseKeyCombo } from '../system/key-names.js';
import { parseWebhookUrl } from '../system/post-json.js';

/** An action's name: unique in its project, it names the action in events, logs and the arm/disarm API. */
const nameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lower-case letters, digits, - and _')
  .refine((name) => !isPipelineStage(name), `must not be a pipeline stage's name (${PIPELINE_STAGES.join(', ')}): an error event's source names a stage or an action`)
  .optional();

/** The milliseconds an action waits, on the frames' clock, before it may act again. */
const minIntervalMs = (defaultMs: number) => z.number().min(0).max(3_600_000).default(defaultMs);

/** Gesture names (see BUILT_IN_GESTURE_NAMES, or a custom gesture's name) that set the action off. */
const triggers = z.array(z.string().min(1)).min(1);

/** A text check that reuses a system module's own parser, so config and run time accept the same things. */
function parsedBy(parse: (text: string) => unknown) {
  return z.string().superRefine((text, context) => {
    try {
      parse(text);
    } catch (error) {
      context.addIssue({ code: 'custom', message: errorMessage(error) });
    }
  });
}

const common = {
  name: nameSchema,
  /** Log what the action would do instead of doing it. Defaults to false. */
  dryRun: z.boolean().default(false),
};

export const volumeActionSchema = z.strictObject({
  type: z.literal('volume'),
  ...common,
  /** What sets the volume: the thumb-to-index distance (the classic volume hand control) or the finger count (20% a finger). Defaults to pinch_distance. */
  source: z.enum(['pinch_distance', 'finger_count']).default('pinch_distance'),
  /** The pinch distances, in palm lengths, that mean 0% and 100%. Defaults to [0.15, 0.9]. */
  pinchRange: z
    .tuple([z.number().min(0).max(2), z.number().min(0).max(2)])
    .refine(([closed, open]) => closed < open, 'the first distance (0%) must be below the second (100%)')
    .default([0.15, 0.9]),
  /** Mute while a fist is held (needs the static classifier). Defaults to false. */
  muteOnFist: z.boolean().default(false),
  /** Changes smaller than this many percent are not made, so a still hand does not keep setting the volume. Defaults to 2. */
  minChange: z.number().int().min(1).max(100).default(2),
  /** Between two volume changes. Defaults to 100 ms. */
  minIntervalMs: minIntervalMs(100),
});

export const mouseActionSchema = z.strictObject({
  type: z.literal('mouse'),
  ...common,
  /** The fraction of the frame at each edge outside the area that maps to the whole screen. Defaults to 0.15. */
  margin: z.number().min(0).max(0.45).default(0.15),
  /** A pinch held longer than this presses the button for a drag; a shorter one clicks. Defaults to 400 ms. */
  holdMs: z.number().min(0).max(10_000).default(400),
  /** Cursor smoothing (One Euro filter). */
  smoothing: z
    .strictObject({
      /** Cutoff in Hz while the hand is still: lower is steadier. Defaults to 1. */
      minCutoff: z.number().positive().max(1000).default(1),
      /** How fast the cutoff rises with speed (per screen width a second): higher lags less. Defaults to 5. */
      beta: z.number().min(0).max(100_000).default(5),
    })
    .prefault({}),
  /** Wheel notches for moving two fingers the frame's whole height. Defaults to 15. */
  scrollSpeed: z.number().positive().max(1000).default(15),
  /** Between two clicks (or drag starts). Defaults to 200 ms. */
  minIntervalMs: minIntervalMs(200),
});

export const keyboardActionSchema = z.strictObject({
  type: z.literal('keyboard'),
  ...common,
  /** Gesture name to key or shortcut, e.g. {"swipe_left": "right", "thumbs_up": "control+shift+t"}. */
  bindings: z.record(z.string().min(1), parsedBy(parseKeyCombo)).refine((bindings) => Object.keys(bindings).length > 0, 'bind at least one gesture to a key'),
  /** Between two key presses. Defaults to 300 ms. */
  minIntervalMs: minIntervalMs(300),
});

export const notificationActionSchema = z.strictObject({
  type: z.literal('notification'),
  ...common,
  on: triggers,
  /** The title; `{gesture}` and `{project}` are replaced. Defaults to "handflow". */
  title: z.string().min(1).default('handflow'),
  /** The text; `{gesture}` and `{project}` are replaced. Defaults to "{gesture} ({project})". */
  body: z.string().default('{gesture} ({project})'),
  /** Between two notifications. Defaults to 3000 ms. */
  minIntervalMs: minIntervalMs(3000),
});

export const webhookActionSchema = z.strictObject({
  type: z.literal('webhook'),
  ...common,
  on: triggers,
  /** Where the gesture event's JSON is POSTed: http or https. */
  url: parsedBy(parseWebhookUrl),
  /** Per attempt. Defaults to 5000 ms. */
  timeoutMs: z.number().positive().max(600_000).default(5000),
  /** Attempts after the first when the server is unreachable, too slow or answers 5xx. Defaults to 2. */
  retries: z.number().int().min(0).max(10).default(2),
  /** Extra request headers, e.g. an Authorization header. */
  headers: z.record(z.string(), z.string()).default({}),
  /** Between two requests. Defaults to 1000 ms. */
  minIntervalMs: minIntervalMs(1000),
});

/** The variable a command finds the gesture event's JSON in. */
export const COMMAND_EVENT_VARIABLE = 'HANDFLOW_EVENT';

export const commandActionSchema = z
  .strictObject({
    type: z.literal('command'),
    ...common,
    on: triggers,
    /** The program and its arguments, run without a shell. The gesture event's JSON is in COMMAND_EVENT_VARIABLE. */
    argv: z.array(z.string().min(1)).min(1).optional(),
    /** A shell script, instead of argv, for when a shell is really wanted. */
    shell: z.string().min(1).optional(),
    /**
     * Variables added to the command's environment: the place for a token or a password, whose values clients are
     * never shown (see project-secrets.ts). argv and shell are shown, and any local user can read a running
     * program's argv.
     */
    env: z
      .record(z.string(), z.string())
      .superRefine((env, context) => {
        for (const name of Object.keys(env)) {
          const problem = !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)
            ? 'a variable name is letters, digits and _, not starting with a digit'
            : name === COMMAND_EVENT_VARIABLE
              ? `${COMMAND_EVENT_VARIABLE} is the gesture event's own variable`
              : undefined;
          if (problem !== undefined) context.addIssue({ code: 'custom', message: problem, path: [name] });
        }
      })
      .default({}),
    /** The command is stopped after this long. Defaults to 10000 ms. */
    timeoutMs: z.number().positive().max(3_600_000).default(10_000),
    /** Between two runs. Defaults to 2000 ms. */
    minIntervalMs: minIntervalMs(2000),
  })
  .refine((command) => (command.argv === undefined) !== (command.shell === undefined), { message: 'give argv or shell, not both or neither', path: ['argv'] });

/** One action of a project, by `type`. */
export const actionConfigSchema = z.discriminatedUnion('type', [
  volumeActionSchema,
  mouseActionSchema,
  keyboardActionSchema,
  notificationActionSchema,
  webhookActionSchema,
  commandActionSchema,
]);

export type ActionConfig = z.output<typeof actionConfigSchema>;
export type ActionConfigInput = z.input<typeof actionConfigSchema>;
export type ActionType = ActionConfig['type'];
export type ActionConfigOf<T extends ActionType> = Extract<ActionConfig, { type: T }>;

/** The action's name: its own, or its type. */
export function actionName(action: ActionConfig): string {
  return action.name ?? action.type;
}

/** The gesture names that set an action off (empty for volume and mouse, which follow the hand every frame). */
export function actionTriggers(action: ActionConfig): string[] {
  switch (action.type) {
    case 'keyboard':
      return Object.keys(action.bindings);
    case 'notification':
    case 'webhook':
    case 'command':
      return action.on;
    case 'volume':
    case 'mouse':
      return [];
    default:
      throw new Error(`unknown action ${action satisfies never}`);
  }
}
