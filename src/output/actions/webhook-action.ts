import { SystemError } from '../system/system-error.js';
import type { ActionConfigOf } from './action-config.js';
import type { ActionFrame } from './action-frame.js';
import { gesturesBegun } from './frame-readings.js';
import type { ActionContext, ActionHandler } from './output-action.js';
import { RateLimit } from './rate-limit.js';

/** POSTs the gesture event's JSON (the wire format) to a URL when one of its gestures starts, with timeout and retry. */
export class WebhookAction implements ActionHandler {
  private readonly limit: RateLimit;
  private readonly triggers: ReadonlySet<string>;

  constructor(
    private readonly config: ActionConfigOf<'webhook'>,
    private readonly context: ActionContext,
  ) {
    this.limit = new RateLimit(config.minIntervalMs);
    this.triggers = new Set(config.on);
  }

  async prepare(): Promise<void> {}

  async handle(frame: ActionFrame): Promise<void> {
    const { url, timeoutMs, retries, headers } = this.config;
    for (const { event, frameMs } of gesturesBegun(frame, this.triggers)) {
      if (!this.limit.take(frameMs)) continue;
      const status = await this.context.controls.webhook.postJson(url, event, { timeoutMs, retries, headers });
      if (status >= 400) throw new SystemError('WEBHOOK_FAILED', `webhook ${new URL(url).origin} answered HTTP ${status}`);
    }
  }
}
