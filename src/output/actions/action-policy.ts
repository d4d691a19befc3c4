import { HandflowError } from '../../core/errors.js';
import { actionName, type ActionConfig } from './action-config.js';
import { WebhookHosts } from './webhook-hosts.js';

/** What a server or worker lets projects' actions do (`output.allowCommands`, `output.webhookHosts`). */
export interface ActionPolicy {
  readonly allowCommands: boolean;
  readonly webhookHosts: WebhookHosts;
}

/** The `output` settings a policy is made of. */
export interface ActionPolicySettings {
  readonly allowCommands: boolean;
  readonly webhookHosts: readonly string[];
}

/** No command actions, webhooks to any host: the settings' defaults. */
export const DEFAULT_ACTION_POLICY: ActionPolicy = { allowCommands: false, webhookHosts: WebhookHosts.ANY };

/** The policy the `output` settings give. @throws HandflowError INVALID_OPTION for a host pattern that is none */
export function actionPolicy(output: ActionPolicySettings): ActionPolicy {
  return { allowCommands: output.allowCommands, webhookHosts: WebhookHosts.parse(output.webhookHosts) };
}

/**
 * Checks a project's actions against the policy before anything runs: the session that builds them, a project saved over the API, and a
 * cluster's gateway before it queues a stream for a worker.
 *
 * @throws HandflowError INVALID_OPTION for a command action where commands are off, WEBHOOK_HOST_NOT_ALLOWED for
 *   a webhook to a host the list does not allow
 */
export function checkActionPolicy(project: string, actions: readonly ActionConfig[], policy: ActionPolicy): void {
  for (const action of actions) {
    if (action.type === 'command' && !policy.allowCommands) {
      throw new HandflowError(
        'INVALID_OPTION',
        `project ${project} has a command action (${actionName(action)}), and commands are off: set output.allowCommands to true in handflow.config.json to allow them`,
      );
    }
    const problem = action.type === 'webhook' ? policy.webhookHosts.problem(action.url) : undefined;
    if (problem !== undefined) throw new HandflowError('WEBHOOK_HOST_NOT_ALLOWED', `project ${project}, action ${actionName(action)}: ${problem}`);
  }
}
