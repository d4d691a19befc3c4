/**
 * Whether a host name or address (lower case, IPv6 without brackets) is this machine's loopback interface: what
 * is sent to it never crosses a network. Only the literal addresses and `localhost`: another name could resolve
 * anywhere.
 */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** The names a browser, or a user, gives this machine's loopback interface. */
export const USUAL_LOOPBACK_NAMES: readonly string[] = ['127.0.0.1', 'localhost', '::1'];

/** A host name or address as isLoopbackHost and the host lists compare it: lower case, an IPv6 one without brackets. */
export function bareHost(host: string): string {
  return host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
}
