import { HandflowError } from '../core/errors.js';
import { HIDDEN, redactUrl } from '../core/redact-url.js';
import { isPlainObject } from '../core/settings-file.js';
import { actionName, type ActionConfig, type ActionConfigOf } from '../output/actions/action-config.js';
import type { ProjectDefinition } from './projects.js';

/*
 * A project's secrets are never shown to clients, as a stream URL's are not (see redactUrl), even to the client
 * that gave them: on the default loopback bind any local user may read the API. They are a webhook's URL secrets
 * (password, query values) and its header values (an Authorization header's token), and a command's variables
 * (`env`). A client edits a project from what it was shown, so a secret it sends back hidden keeps the stored one.
 */

/** Actions that hold secrets. */
type SecretHolder = ActionConfigOf<'webhook'> | ActionConfigOf<'command'>;

/** The action as clients see it: a webhook's URL through redactUrl, its header values and a command's variables hidden; any other action as it is. */
export function withSecretsHidden(action: ActionConfig): ActionConfig {
  if (action.type === 'webhook') return { ...action, url: redactUrl(action.url), headers: valuesHidden(action.headers) };
  if (action.type === 'command') return { ...action, env: valuesHidden(action.env) };
  return action;
}

/**
 * The settings a client sent for project `name` (replacing `stored`, when it is an update), with each secret it
 * sent back hidden, as {@link withSecretsHidden} showed it, replaced by the stored one. A secret stays with the
 * destination it was given for, in the action of the same type and name: a webhook's stored URL is kept when its
 * URL comes back exactly as its redaction, and its header values only while that URL is unchanged (an edited URL
 * could otherwise carry the stored token to another host, or another path on a shared one); a command's variables
 * only while its argv or shell script and its variables are sent back unchanged, every value hidden (an edited
 * command, or one given another variable, could send the token anywhere): to change one, give them all.
 * @throws HandflowError INVALID_OPTION naming each hidden value left: it would be sent as `***`, in place of the secret.
 */
export function withStoredSecrets(name: string, settings: unknown, stored: ProjectDefinition | undefined): unknown {
  if (!isPlainObject(settings) || !Array.isArray(settings['actions'])) return settings;
  const holders = new Map((stored?.actions ?? []).flatMap((action) => (action.type === 'webhook' || action.type === 'command' ? [[`${action.type} ${actionName(action)}`, action] as const] : [])));
  const actions = settings['actions'].map((action: unknown, index) => {
    if (!isPlainObject(action) || (action['type'] !== 'webhook' && action['type'] !== 'command')) return action;
    // Its identity is its name, as actionName gives it: unique in the project, kept when actions are reordered.
    const named = action['name'] ?? action['type'];
    const was = typeof named === 'string' ? holders.get(`${action['type']} ${named}`) : undefined;
    const restored = was === undefined ? action : withSecretsOf(action, was);
    checkNothingHidden(restored, `projects.${name}.actions.${index}`);
    return restored;
  });
  return { ...settings, actions };
}

function withSecretsOf(sent: Record<string, unknown>, stored: SecretHolder): Record<string, unknown> {
  if (stored.type === 'command') {
    // Every variable too: one added (LD_PRELOAD, http_proxy, BASH_ENV) or changed (a URL the script reads) would
    // change where the stored ones go as surely as an edited script.
    const unchanged =
      JSON.stringify(sent['argv'] ?? null) === JSON.stringify(stored.argv ?? null) &&
      (sent['shell'] ?? null) === (stored.shell ?? null) &&
      sentBackAsShown(sent['env'] ?? {}, stored.env);
    return unchanged ? { ...sent, env: stored.env } : sent;
  }
  const url = sent['url'] === redactUrl(stored.url) ? stored.url : sent['url'];
  if (url !== stored.url) return { ...sent, url };
  return { ...sent, url, headers: storedWhereHidden(sent['headers'], stored.headers) };
}

/** `sent`'s values, the stored one where it sent one back hidden; `sent` as it is when it is not a set of values. */
function storedWhereHidden(sent: unknown, stored: Record<string, string>): unknown {
  if (!isPlainObject(sent)) return sent;
  return Object.fromEntries(Object.entries(sent).map(([key, value]) => [key, value === HIDDEN && Object.hasOwn(stored, key) ? stored[key] : value]));
}

/** Whether `sent` holds exactly the names of `stored`, each value hidden, as withSecretsHidden shows them. */
function sentBackAsShown(sent: unknown, stored: Record<string, string>): boolean {
  if (!isPlainObject(sent)) return false;
  const names = Object.keys(sent);
  return names.length === Object.keys(stored).length && names.every((key) => sent[key] === HIDDEN && Object.hasOwn(stored, key));
}

function valuesHidden(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.keys(values).map((key) => [key, HIDDEN]));
}

function checkNothingHidden(action: Record<string, unknown>, path: string): void {
  const url = action['url'];
  const hiddenIn = (field: string): string[] => {
    const values = action[field];
    return isPlainObject(values) ? Object.entries(values).filter(([, value]) => value === HIDDEN).map(([key]) => `${path}.${field}.${key}`) : [];
  };
  const hidden = [...(typeof url === 'string' && url.includes(HIDDEN) ? [`${path}.url`] : []), ...hiddenIn('headers'), ...hiddenIn('env')];
  if (hidden.length === 0) return;
  throw new HandflowError(
    'INVALID_OPTION',
    `invalid setting: ${hidden.join(', ')} still ${hidden.length === 1 ? 'holds' : 'hold'} ${HIDDEN} where a secret was hidden: give the value itself. ` +
      'A hidden secret is kept only by the stored action of the same name: a webhook whose URL is sent back as shown (and for its headers, not changed), a command whose argv or shell and variables are sent back as shown (to change one variable, give them all)',
  );
}
