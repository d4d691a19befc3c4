import { bareHost, USUAL_LOOPBACK_NAMES } from '../../core/loopback-host.js';

/**
 * Binding anything but this machine's usual loopback names puts the server within others' reach: it needs a token.
 * Stricter than isLoopbackHost: another 127.x address is loopback too, but one a user would pick for a reason.
 */
export function bindNeedsToken(host: string): boolean {
  return !USUAL_LOOPBACK_NAMES.includes(bareHost(host));
}
