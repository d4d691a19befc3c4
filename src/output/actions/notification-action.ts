import type { ActionConfigOf } from './action-config.js';
import type { ActionFrame } from './action-frame.js';
import { gestureName } from './gesture-name.js';
import type { ActionContext, ActionHandler } from './output-action.js';
import { GestureTrigger } from './gesture-trigger.js';

/** A desktop notification when one of its gestures starts. */
export class NotificationAction implements ActionHandler {
  private readonly trigger: GestureTrigger;

  constructor(
    private readonly config: ActionConfigOf<'notification'>,
    private readonly context: ActionContext,
  ) {
    this.trigger = new GestureTrigger(config.on, config.minIntervalMs);
  }

  async prepare(): Promise<void> {
    await this.context.controls.notifier();
  }

  async handle(frame: ActionFrame, armed: AbortSignal): Promise<void> {
    for (const { event } of this.trigger.due(frame, armed)) {
      const fill = (template: string): string => template.replaceAll('{gesture}', gestureName(event.data)).replaceAll('{project}', this.context.project);
      await (await this.context.controls.notifier()).notify(fill(this.config.title), fill(this.config.body));
    }
  }
}
