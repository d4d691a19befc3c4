/** The addresses reachable from this machine only, which the server may bind without a token. */
const LOCAL_ONLY_HOSTS = new Set(['127.0.0.1', 'localhost', '::1']);

/** Binding anything but this machine's usual loopback address puts the server within others' reach: it needs a token. */
export function bindNeedsToken(host: string): boolean {
  return !LOCAL_ONLY_HOSTS.has(host.toLowerCase().replace(/^\[(.*)\]$/, '$1'));
}
