import type { ActionConfigOf } from './action-config.js';
import type { ActionFrame } from './action-frame.js';
import { gesturesBegun } from './frame-readings.js';
import { gestureName } from './gesture-name.js';
import type { ActionContext, ActionHandler } from './output-action.js';
import { RateLimit } from './rate-limit.js';

/** A desktop notification when one of its gestures starts. */
export class NotificationAction implements ActionHandler {
  private readonly limit: RateLimit;
  private readonly triggers: ReadonlySet<string>;

  constructor(
    private readonly config: ActionConfigOf<'notification'>,
    private readonly context: ActionContext,
  ) {
    this.limit = new RateLimit(config.minIntervalMs);
    this.triggers = new Set(config.on);
  }

  async prepare(): Promise<void> {
    await this.context.controls.notifier();
  }

  async handle(frame: ActionFrame): Promise<void> {
    for (const { event, frameMs } of gesturesBegun(frame, this.triggers)) {
      if (!this.limit.take(frameMs)) continue;
      const fill = (template: string): string => template.replaceAll('{gesture}', gestureName(event.data)).replaceAll('{project}', this.context.project);
      await (await this.context.controls.notifier()).notify(fill(this.config.title), fill(this.config.body));
    }
  }
}
