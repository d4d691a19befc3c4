import type { Logger } from 'pino';
import { errorMessage, HandflowError } from '../../core/errors.js';
import type { SinkClosing } from '../frame-event.js';
import type { DryRunLog } from '../system/dry-run.js';
import { actionName, type ActionConfig, type ActionType } from './action-config.js';
import type { ActionFrame } from './action-frame.js';
import { checkActionPolicy, DEFAULT_ACTION_POLICY, type ActionPolicy } from './action-policy.js';
import { createActionHandler } from './create-action.js';
import { GuardedAction } from './guarded-action.js';
import type { Emit } from './output-action.js';
import { RepeatFilter } from './repeat-filter.js';
import { dryRunSystemControls, type SystemControls } from './system-controls.js';

/** One action as the arm/disarm API shows it. */
export interface ActionStatus {
  readonly name: string;
  readonly type: ActionType;
  readonly armed: boolean;
  readonly dryRun: boolean;
}

export interface ActionSetOptions {
  readonly project: string;
  readonly actions: readonly ActionConfig[];
  /** What actions drive when they are not dry runs. */
  readonly controls: SystemControls;
  /** Every action logs what it would do instead of doing it, whatever its own `dryRun`. Defaults to false. */
  readonly dryRun?: boolean;
  /** Where dry runs record what they would have done. */
  readonly dryRunLog: DryRunLog;
  /** What the actions may do (commands, webhook hosts). Defaults to DEFAULT_ACTION_POLICY. */
  readonly policy?: ActionPolicy;
  readonly emit: Emit;
  readonly logger: Logger;
}

/** The same failure of an action is reported again only after this much frame time. */
const REPEAT_QUIET_MS = 5000;

/**
 * A project's actions and the arm/disarm API. Every action starts disarmed: nothing touches the system until
 * `arm`. Failures become `error` events (a repeat of the same one at most every few seconds) and the
 * pipeline carries on.
 *
 * @throws HandflowError as checkActionPolicy, for an action the policy does not allow.
 */
export function createActionSet(options: ActionSetOptions): ActionSet {
  const dryRunControls = dryRunSystemControls(options.dryRunLog);
  const policy = options.policy ?? DEFAULT_ACTION_POLICY;
  checkActionPolicy(options.project, options.actions, policy);
  const actions = options.actions.map((config) => {
    const name = actionName(config);
    const dryRun = options.dryRun === true || config.dryRun;
    const controls = dryRun ? dryRunControls : options.controls;
    const handler = createActionHandler(config, { controls, emit: options.emit, project: options.project });
    return new GuardedAction(name, config.type, dryRun, handler, failureReporter(name, options));
  });
  return new ActionSet(options.project, actions, options.emit);
}

function failureReporter(name: string, { emit, logger }: ActionSetOptions): (error: unknown, frame: ActionFrame) => void {
  const repeats = new RepeatFilter(REPEAT_QUIET_MS);
  return (error, frame) => {
    const message = errorMessage(error).split('\n')[0] ?? '';
    if (!repeats.admit(message, frame.timestampMs)) return;
    const code = error instanceof HandflowError ? error.code : 'ACTION_FAILED';
    logger.warn({ action: name, code, err: error }, message);
    emit('error', { source: name, code, message });
  };
}

export class ActionSet {
  constructor(
    private readonly project: string,
    private readonly actions: readonly GuardedAction[],
    private readonly emit: Emit,
  ) {}

  get status(): ActionStatus[] {
    return this.actions.map(({ name, type, armed, dryRun }) => ({ name, type, armed, dryRun }));
  }

  /**
   * Arms every action, or the one named. All or nothing: when one cannot be readied (no sound server, no X
   * display) those armed by this call are disarmed again and the reason is thrown (a HandflowError).
   * Sends `state_changed` with component `actions` (or the action's name) and state `armed`.
   */
  async arm(name?: string): Promise<void> {
    const chosen = this.select(name);
    const newly = chosen.filter((action) => !action.armed);
    const outcomes = await Promise.allSettled(newly.map((action) => action.arm()));
    const failure = outcomes.find((outcome) => outcome.status === 'rejected');
    if (failure !== undefined) {
      await Promise.all(newly.map((action) => action.disarm()));
      throw failure.reason;
    }
    // Not when a disarm came while they were readied: they stayed disarmed.
    if (chosen.some((action) => action.armed)) this.emit('state_changed', { component: name ?? 'actions', state: 'armed' });
  }

  /** Disarms every action, or the one named, letting go of anything held (a dragged button). Sends `state_changed`. */
  async disarm(name?: string): Promise<void> {
    await Promise.all(this.select(name).map((action) => action.disarm()));
    this.emit('state_changed', { component: name ?? 'actions', state: 'disarmed' });
  }

  /** Gives a frame to every armed action without waiting for them. */
  offer(frame: ActionFrame): void {
    for (const action of this.actions) void action.execute(frame);
  }

  /** Resolves once every action has finished the frames given to it. */
  async idle(): Promise<void> {
    await Promise.all(this.actions.map((action) => action.idle()));
  }

  /**
   * Disarms everything. At the end of a stream, once the frames under way are done; when the session was stopped,
   * at once, as a disarm: what is under way is cut short and what waits is dropped.
   */
  async close({ stopped }: SinkClosing = { stopped: false }): Promise<void> {
    if (!stopped) await this.idle();
    if (this.actions.some((action) => action.armed)) await this.disarm();
  }

  private select(name: string | undefined): readonly GuardedAction[] {
    if (name === undefined) return this.actions;
    const action = this.actions.find((candidate) => candidate.name === name);
    if (action === undefined) {
      const names = this.actions.map((candidate) => candidate.name).join(', ') || 'none';
      throw new HandflowError('INVALID_OPTION', `project ${this.project} has no action named "${name}": its actions are ${names}`);
    }
    return [action];
  }
}
