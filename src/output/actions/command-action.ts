import type { CommandLine } from '../system/run-command.js';
import { HandflowError } from '../../core/errors.js';
import { COMMAND_EVENT_VARIABLE, type ActionConfigOf } from './action-config.js';
import type { ActionFrame } from './action-frame.js';
import type { ActionContext, ActionHandler } from './output-action.js';
import { GestureTrigger } from './gesture-trigger.js';

/**
 * Runs a command when one of its gestures starts, with its own variables (`env`) and the gesture event's JSON in
 * HANDFLOW_EVENT (never spliced into the command line). Opt-in: projects may only have one when
 * `output.allowCommands` is set.
 */
export class CommandAction implements ActionHandler {
  private readonly trigger: GestureTrigger;
  private readonly command: CommandLine;
  /** The program, for messages. */
  private readonly program: string;

  constructor(
    private readonly config: ActionConfigOf<'command'>,
    private readonly context: ActionContext,
  ) {
    this.trigger = new GestureTrigger(config.on, config.minIntervalMs);
    const [program, ...args] = config.argv ?? [];
    this.command = program === undefined ? { kind: 'shell', script: config.shell ?? '' } : { kind: 'argv', argv: [program, ...args] };
    this.program = program ?? 'sh';
  }

  async prepare(): Promise<void> {}

  async handle(frame: ActionFrame, armed: AbortSignal): Promise<void> {
    for (const { event } of this.trigger.due(frame, armed)) {
      const env = { ...this.config.env, [COMMAND_EVENT_VARIABLE]: JSON.stringify(event) };
      const result = await this.context.controls.commands.run(this.command, { timeoutMs: this.config.timeoutMs, env, signal: armed });
      if (result.timedOut) throw new HandflowError('TIMEOUT', `command ${this.program} did not finish within ${this.config.timeoutMs} ms`);
      if (result.exitCode !== 0) {
        const last = result.stderr.trim().split('\n').at(-1) ?? '';
        throw new HandflowError('TOOL_FAILED', `command ${this.program} ended with ${result.exitCode ?? result.signal}${last === '' ? '' : `: ${last}`}`);
      }
    }
  }
}
