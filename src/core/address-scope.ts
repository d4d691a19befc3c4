import { BlockList, isIPv4 } from 'node:net';

/**
 * How far in towards this machine an address reaches, from the open internet to the machine itself: each scope
 * reaches what the ones before it cannot (a home or office network, the cloud's metadata service at
 * 169.254.169.254, the services that listen on loopback, handflow's own server among them).
 */
export const ADDRESS_SCOPES = ['public', 'private', 'link-local', 'loopback'] as const;

/**
 * - `public`: any address on the internet.
 * - `private`: a local network's: 10/8, 172.16/12, 192.168/16, 100.64/10 (carrier-grade NAT), fc00::/7, and the
 *   addresses that are no one host's on the internet (multicast, broadcast, 240/4).
 * - `link-local`: 169.254/16 and fe80::/10, where clouds answer with their machines' credentials.
 * - `loopback`: 127/8 and ::1, and the unspecified 0.0.0.0/8 and ::, which connect to this machine as well.
 *
 * IPv4 addresses written as IPv6 (`::ffff:127.0.0.1`) have the scope of the IPv4 address.
 */
export type AddressScope = (typeof ADDRESS_SCOPES)[number];

const RANGES: readonly [Exclude<AddressScope, 'public'>, readonly [string, number, 'ipv4' | 'ipv6'][]][] = [
  ['loopback', [['127.0.0.0', 8, 'ipv4'], ['0.0.0.0', 8, 'ipv4'], ['::1', 128, 'ipv6'], ['::', 128, 'ipv6']]],
  ['link-local', [['169.254.0.0', 16, 'ipv4'], ['fe80::', 10, 'ipv6']]],
  [
    'private',
    [
      ['10.0.0.0', 8, 'ipv4'], ['172.16.0.0', 12, 'ipv4'], ['192.168.0.0', 16, 'ipv4'], ['100.64.0.0', 10, 'ipv4'],
      ['224.0.0.0', 4, 'ipv4'], ['240.0.0.0', 4, 'ipv4'], ['fc00::', 7, 'ipv6'], ['fec0::', 10, 'ipv6'], ['ff00::', 8, 'ipv6'],
    ],
  ],
];

// Node's BlockList matches an IPv4 range against the same address written as IPv6 (::ffff:a.b.c.d) as well.
const BLOCKS = RANGES.map(([scope, ranges]) => {
  const block = new BlockList();
  for (const [address, prefix, family] of ranges) block.addSubnet(address, prefix, family);
  return [scope, block] as const;
});

/** The scope of an IP address (IPv6 without brackets; a zone such as `%eth0` is ignored). */
export function addressScope(address: string): AddressScope {
  const bare = address.split('%')[0]!;
  const family = isIPv4(bare) ? 'ipv4' : 'ipv6';
  return BLOCKS.find(([, block]) => block.check(bare, family))?.[0] ?? 'public';
}

/** True when `scope` reaches further in towards this machine than `than`. */
export function isNearer(scope: AddressScope, than: AddressScope): boolean {
  return ADDRESS_SCOPES.indexOf(scope) > ADDRESS_SCOPES.indexOf(than);
}
