import type { ActionConfig } from './action-config.js';
import { CommandAction } from './command-action.js';
import { KeyboardAction } from './keyboard-action.js';
import { MouseAction } from './mouse-action.js';
import { NotificationAction } from './notification-action.js';
import type { ActionContext, ActionHandler } from './output-action.js';
import { VolumeAction } from './volume-action.js';
import { WebhookAction } from './webhook-action.js';

/** The handler of a configured action. */
export function createActionHandler(config: ActionConfig, context: ActionContext): ActionHandler {
  switch (config.type) {
    case 'volume':
      return new VolumeAction(config, context);
    case 'mouse':
      return new MouseAction(config, context);
    case 'keyboard':
      return new KeyboardAction(config, context);
    case 'notification':
      return new NotificationAction(config, context);
    case 'webhook':
      return new WebhookAction(config, context);
    case 'command':
      return new CommandAction(config, context);
    default:
      throw new Error(`unknown action type ${config satisfies never}`);
  }
}
