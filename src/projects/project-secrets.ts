import { HandflowError } from '../core/errors.js';
import { HIDDEN, redactUrl } from '../core/redact-url.js';
import { isPlainObject } from '../core/settings-file.js';
import { actionName, type ActionConfig, type ActionConfigOf } from '../output/actions/action-config.js';
import type { ProjectDefinition } from './projects.js';

/*
 * A project's secrets are never shown to clients, as a stream URL's are not (see redactUrl), even to the client
 * that gave them: on the default loopback bind any local user may read the API. They are a webhook's URL secrets
 * (password, query values) and its header values (an Authorization header's token). A client edits a project
 * from what it was shown, so a secret it sends back hidden keeps the stored one.
 */

/** The action as clients see it: a webhook's URL through redactUrl and every header value hidden; any other action as it is. */
export function withSecretsHidden(action: ActionConfig): ActionConfig {
  if (action.type !== 'webhook') return action;
  return { ...action, url: redactUrl(action.url), headers: Object.fromEntries(Object.keys(action.headers).map((header) => [header, HIDDEN])) };
}

/**
 * The settings a client sent for project `name` (replacing `stored`, when it is an update), with each webhook
 * secret it sent back hidden, as {@link withSecretsHidden} showed it, replaced by the stored one. A secret stays
 * with the destination it was given for: the stored URL is kept by the webhook of the same name whose URL comes
 * back exactly as its redaction, and the stored header values only while that URL is unchanged (an edited URL
 * could otherwise carry the stored token to another host, or another path on a shared one).
 * @throws HandflowError INVALID_OPTION naming each hidden value left: it would be sent as `***`, in place of the secret.
 */
export function withStoredSecrets(name: string, settings: unknown, stored: ProjectDefinition | undefined): unknown {
  if (!isPlainObject(settings) || !Array.isArray(settings['actions'])) return settings;
  const storedWebhooks = new Map((stored?.actions ?? []).flatMap((action) => (action.type === 'webhook' ? [[actionName(action), action] as const] : [])));
  const actions = settings['actions'].map((action: unknown, index) => {
    if (!isPlainObject(action) || action['type'] !== 'webhook') return action;
    // Its identity is its name, as actionName gives it: unique in the project, kept when actions are reordered.
    const named = action['name'] ?? 'webhook';
    const was = typeof named === 'string' ? storedWebhooks.get(named) : undefined;
    const restored = was === undefined ? action : withWebhookSecrets(action, was);
    checkNothingHidden(restored, `projects.${name}.actions.${index}`);
    return restored;
  });
  return { ...settings, actions };
}

function withWebhookSecrets(sent: Record<string, unknown>, stored: ActionConfigOf<'webhook'>): Record<string, unknown> {
  const url = sent['url'] === redactUrl(stored.url) ? stored.url : sent['url'];
  if (url !== stored.url || !isPlainObject(sent['headers'])) return { ...sent, url };
  const headers = Object.entries(sent['headers']).map(([header, value]) => [header, value === HIDDEN && Object.hasOwn(stored.headers, header) ? stored.headers[header] : value]);
  return { ...sent, url, headers: Object.fromEntries(headers) };
}

function checkNothingHidden(action: Record<string, unknown>, path: string): void {
  const url = action['url'];
  const headers = isPlainObject(action['headers']) ? Object.entries(action['headers']) : [];
  const hidden = [
    ...(typeof url === 'string' && url.includes(HIDDEN) ? [`${path}.url`] : []),
    ...headers.filter(([, value]) => value === HIDDEN).map(([header]) => `${path}.headers.${header}`),
  ];
  if (hidden.length === 0) return;
  throw new HandflowError(
    'INVALID_OPTION',
    `invalid setting: ${hidden.join(', ')} still ${hidden.length === 1 ? 'holds' : 'hold'} ${HIDDEN} where a secret was hidden: give the value itself. ` +
      'A hidden secret is kept only by the stored webhook of the same name, its URL sent back as shown (and for its headers, not changed)',
  );
}
