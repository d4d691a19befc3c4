import { isLoopbackHost } from '../../core/loopback-host.js';

/** The names a browser uses for this machine's loopback interface. */
const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '::1'];

/**
 * Which `Host` header names the server answers to, or `undefined` for any. A server on a loopback address
 * answers only to that address and the usual loopback names: a page of another site whose name an attacker
 * points at 127.0.0.1 (DNS rebinding) sends its own name as the Host and is refused. A server reachable
 * from elsewhere is guarded by its access token, and answers to whatever name it is reached by, unless the
 * user lists the names (`--allow-host`).
 */
export function allowedHostNames(bindHost: string, extraNames: readonly string[]): ReadonlySet<string> | undefined {
  const bind = bareHost(bindHost);
  const extra = extraNames.map(bareHost);
  if (isLoopbackHost(bind)) return new Set([bind, ...LOOPBACK_NAMES, ...extra]);
  return extra.length === 0 ? undefined : new Set([bind, ...extra]);
}

/** The host name in a `Host` header (`name:port`, `[v6]:port`), lower case without brackets or port; undefined when malformed. */
export function hostHeaderName(header: string | undefined): string | undefined {
  if (header === undefined || header === '') return undefined;
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]\s/@]+)(?::\d{1,5})?$/i.exec(header);
  return match === null ? undefined : bareHost(match[1]!);
}

function bareHost(host: string): string {
  return host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
}
