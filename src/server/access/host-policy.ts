import { isIPv6 } from 'node:net';

import { HandflowError } from '../../core/errors.js';
import { bareHost, isLoopbackHost, USUAL_LOOPBACK_NAMES } from '../../core/loopback-host.js';

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
  if (isLoopbackHost(bind)) return new Set([bind, ...USUAL_LOOPBACK_NAMES, ...extra]);
  return extra.length === 0 ? undefined : new Set([bind, ...extra]);
}

/** The host name in a `Host` header (`name:port`, `[v6]:port`), lower case without brackets or port; undefined when malformed. */
export function hostHeaderName(header: string | undefined): string | undefined {
  if (header === undefined || header === '') return undefined;
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]\s/@]+)(?::\d{1,5})?$/i.exec(header);
  return match === null ? undefined : bareHost(match[1]!);
}

/**
 * Checks the names and origins a user allows, as requests carry them: a name that no Host header can hold, or an
 * origin no browser sends (a path, a trailing slash, no scheme), would allow nothing while seeming to.
 * @throws HandflowError INVALID_OPTION naming the flag
 */
export function checkAllowedNames(hosts: readonly string[], origins: readonly string[]): void {
  for (const host of hosts) {
    // Compared without a port, so one given with a port would never match.
    const named = isIPv6(host) || hostHeaderName(host) === bareHost(host);
    if (!named) throw new HandflowError('INVALID_OPTION', `--allow-host "${host}" is not a host name: give a name or address alone, without a port (kiosk.lan, 10.0.0.5, ::1)`);
  }
  for (const origin of origins) {
    if (!isWebOrigin(origin)) {
      throw new HandflowError('INVALID_OPTION', `--allow-origin "${origin}" is not a web origin: give it as a browser sends it, scheme, host and port only (https://kiosk.lan, http://localhost:3000)`);
    }
  }
}

function isWebOrigin(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === text;
  } catch {
    return false;
  }
}
