import { HandflowError } from '../../core/errors.js';
import type { ActionConfigOf } from './action-config.js';
import type { ActionFrame } from './action-frame.js';
import type { ActionContext, ActionHandler } from './output-action.js';
import { GestureTrigger } from './gesture-trigger.js';

/**
 * POSTs the gesture event's JSON (the wire format) to a URL when one of its gestures starts, with timeout and
 * retry, and an `Idempotency-Key` header (`<session>/<frame>/<n>`) that is the same on every retry. It follows no
 * redirect (see postJson); with webhook hosts listed, its URL's is one of them (see checkActionPolicy).
 */
export class WebhookAction implements ActionHandler {
  private readonly trigger: GestureTrigger;

  constructor(
    private readonly config: ActionConfigOf<'webhook'>,
    private readonly context: ActionContext,
  ) {
    this.trigger = new GestureTrigger(config.on, config.minIntervalMs);
  }

  async prepare(): Promise<void> {}

  async handle(frame: ActionFrame, armed: AbortSignal): Promise<void> {
    const { url, timeoutMs, retries, headers } = this.config;
    for (const { event, key } of this.trigger.due(frame, armed)) {
      const status = await this.context.controls.webhook.postJson(url, event, { timeoutMs, retries, headers: { ...headers, 'idempotency-key': key }, signal: armed });
      if (status >= 400) throw new HandflowError('WEBHOOK_FAILED', `webhook ${new URL(url).origin} answered HTTP ${status}`);
    }
  }
}
