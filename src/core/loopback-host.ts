/**
 * Whether a host name or address (lower case, IPv6 without brackets) is this machine's loopback interface: what
 * is sent to it never crosses a network. Only the literal addresses and `localhost`: another name could resolve
 * anywhere.
 */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
