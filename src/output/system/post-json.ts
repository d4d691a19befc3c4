import { setTimeout as sleep } from 'node:timers/promises';
import { errorMessage, HandflowError } from '../../core/errors.js';
import { hideSecrets, peerUrlForMessages, urlSecrets } from '../../core/redact-url.js';
import { nonNegativeInteger, positiveNumber } from './option-checks.js';

export interface PostJsonOptions {
  /** Give up on one attempt after this long. Defaults to 5000 ms. */
  timeoutMs?: number;
  /** Attempts after the first, made when the server cannot be reached, times out or answers 5xx. Defaults to 2. */
  retries?: number;
  /** The wait before the first retry, doubled before each further one. Defaults to 500 ms. */
  backoffMs?: number;
  /** Extra request headers, e.g. an Authorization header. */
  headers?: Readonly<Record<string, string>>;
  /** Drops the request under way, and any retry, when it aborts: the call then rejects with its reason. */
  signal?: AbortSignal;
}

/** Sends JSON to a webhook; the dry-run stand-in implements the same. */
export interface WebhookClient {
  postJson(url: string, body: unknown, options?: PostJsonOptions): Promise<number>;
}

export const httpWebhookClient: WebhookClient = { postJson };

/** The answers that send a request on to their Location. */
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

const DEFAULTS: Required<Omit<PostJsonOptions, 'signal'>> = { timeoutMs: 5000, retries: 2, backoffMs: 500, headers: {} };

/**
 * POSTs `body` as JSON and returns the HTTP status of the last answer. Failures a retry can cure (the
 * server unreachable or too slow, or a 5xx answer) are retried with exponential backoff; a 4xx answer is
 * returned at once, since sending the same request again cannot change it. A redirect is not followed: it would
 * carry the event and the headers (a token among them) to wherever it leads, an address inside this network too.
 * Rejects with WEBHOOK_FAILED when no attempt got an answer, or when the answer is a redirect.
 */
export async function postJson(url: string, body: unknown, options: PostJsonOptions = {}): Promise<number> {
  const { timeoutMs, retries, backoffMs, headers } = resolvePostJsonOptions(options);
  const { signal } = options;
  const target = parseWebhookUrl(url);
  const request = {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...basicAuthorization(target, headers), ...headers },
    body: jsonText(body),
    redirect: 'manual' as const,
  };
  let lastFailure = '';
  for (let attempt = 0; attempt <= retries; attempt++) {
    signal?.throwIfAborted();
    if (attempt > 0) await sleep(backoffMs * 2 ** (attempt - 1), undefined, { signal });
    const timeout = AbortSignal.timeout(timeoutMs);
    let response: Response;
    try {
      response = await fetch(target, { ...request, signal: signal === undefined ? timeout : AbortSignal.any([signal, timeout]) });
      await response.body?.cancel(); // the answer's body is not used; cancelling frees the connection
    } catch (error) {
      signal?.throwIfAborted();
      // fetch quotes the URL in some of its reasons (one with a password in it, which it refuses to send).
      lastFailure = hideSecrets(describeFetchFailure(error, timeoutMs), urlSecrets(url));
      continue;
    }
    if (REDIRECT_STATUSES.has(response.status)) throw redirectRefused(target, response);
    if (response.status < 500 || attempt === retries) return response.status;
  }
  throw new HandflowError('WEBHOOK_FAILED', `webhook ${target.origin} ${lastFailure} (${retries + 1} attempts)`);
}

/**
 * A URL's `user:password@` as the Basic Authorization header (as curl sends it), taken out of the URL, which fetch
 * refuses to send with them: unless the headers already hold an Authorization of their own, which wins.
 */
function basicAuthorization(target: URL, headers: Readonly<Record<string, string>>): Record<string, string> {
  if (target.username === '' && target.password === '') return {};
  const credentials = `${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}`;
  target.username = '';
  target.password = '';
  if (Object.keys(headers).some((name) => name.toLowerCase() === 'authorization')) return {};
  return { authorization: `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}` };
}

function redirectRefused(target: URL, response: Response): HandflowError {
  const location = peerUrlForMessages(response.headers.get('location') ?? '');
  return new HandflowError(
    'WEBHOOK_FAILED',
    `webhook ${target.origin} answered HTTP ${response.status}, a redirect${location === '' ? '' : ` to ${location}`}; webhooks follow no redirect (it would carry the event and its headers elsewhere): give the URL it leads to`,
  );
}

function resolvePostJsonOptions(options: PostJsonOptions): Required<Omit<PostJsonOptions, 'signal'>> {
  const resolved = { ...DEFAULTS, ...options };
  positiveNumber(resolved.timeoutMs, 'webhook timeoutMs');
  nonNegativeInteger(resolved.retries, 'webhook retries');
  nonNegativeInteger(resolved.backoffMs, 'webhook backoffMs');
  return resolved;
}

/** The webhook URL, if it is http or https; INVALID_OPTION otherwise, naming it (for checking configuration). */
export function parseWebhookUrl(url: string): URL {
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  if (parsed?.protocol !== 'http:' && parsed?.protocol !== 'https:') {
    throw new HandflowError('INVALID_OPTION', `webhook URL "${url}" is not an http or https URL`);
  }
  return parsed;
}

function jsonText(body: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(body);
  } catch (error) {
    const reason = errorMessage(error).split('\n')[0]; // V8's circular-structure message runs over several lines
    throw new HandflowError('INVALID_OPTION', `webhook body cannot be written as JSON: ${reason}`, { cause: error });
  }
  // JSON.stringify gives undefined, not an error, for undefined and functions
  if (text === undefined)
    throw new HandflowError('INVALID_OPTION', `webhook body cannot be written as JSON: it is ${typeof body}`);
  return text;
}

/** fetch says only "fetch failed"; the reason (ECONNREFUSED, a DNS failure) is in its cause. */
function describeFetchFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') return `did not answer within ${timeoutMs} ms`;
  const cause = error instanceof Error ? error.cause : undefined;
  return `could not be reached: ${errorMessage(cause ?? error)}`;
}
