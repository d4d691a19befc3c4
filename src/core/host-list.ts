import { BlockList, isIPv4, isIPv6 } from 'node:net';

import { HandflowError, type HandflowErrorCode } from './errors.js';
import { bareHost } from './loopback-host.js';
import { redactUrl } from './redact-url.js';

/** What a list of hosts bounds: the option that gives it, what the server does with the hosts, the code of a refusal. */
export interface HostListUse {
  /** `--stream-host` */
  readonly option: string;
  /** `reads streams only from` */
  readonly onlyPhrase: string;
  readonly code: HandflowErrorCode;
}

/** A use's lists: `ANY` (no list) and `parse`, e.g. `StreamHosts.parse(['cam1.lan'])`. */
export function hostListKind(use: HostListUse): { readonly ANY: HostList; parse(patterns: readonly string[]): HostList } {
  return { ANY: HostList.any(use), parse: (patterns) => HostList.parse(patterns, use) };
}

/**
 * The hosts the server may connect to for one use (`--stream-host`, `--webhook-host`): host names (`cam1.lan`),
 * every name under a domain (`*.cams.lan`), addresses and address ranges (`192.168.1.20`, `10.0.0.0/8`,
 * `fd00::/8`). An empty list allows every host. A name matches only that name as the URL spells it: the
 * connection resolves it later, so an address range never matches a name, only an address written in the URL.
 */
export class HostList {
  private constructor(
    private readonly use: HostListUse,
    /** The patterns as given, for messages. */
    readonly patterns: readonly string[],
    private readonly names: readonly string[],
    private readonly domains: readonly string[],
    private readonly addresses: BlockList,
  ) {}

  /** Every host allowed. */
  static any(use: HostListUse): HostList {
    return new HostList(use, [], [], [], new BlockList());
  }

  /** @throws HandflowError INVALID_OPTION naming a pattern that is none of the forms above */
  static parse(patterns: readonly string[], use: HostListUse): HostList {
    const names: string[] = [];
    const domains: string[] = [];
    const addresses = new BlockList();
    for (const pattern of patterns) {
      const read = readPattern(pattern);
      if (read === undefined) throw new HandflowError('INVALID_OPTION', `${use.option} ${hostPatternProblem(pattern)!}`);
      if (read.kind === 'address') addresses.addSubnet(read.address, read.prefix, read.family);
      else if (read.kind === 'domain') domains.push(read.domain);
      else names.push(read.name);
    }
    return new HostList(use, patterns, names, domains, addresses);
  }

  /** Whether every host is allowed (no list given). */
  get anyHost(): boolean {
    return this.patterns.length === 0;
  }

  /**
   * Why handflow will not connect to `url`'s host, or undefined when it may: the host is not listed, or the URL
   * could be read as naming two different hosts (ffmpeg's parser and a browser's disagree on it: such a URL is
   * refused whatever reads it).
   */
  problem(url: string): string | undefined {
    if (this.anyHost) return undefined;
    const label = redactUrl(url);
    const host = unambiguousHost(url);
    if (host === undefined) return `${label}: its host cannot be told for certain: ${hostReadings(url)}`;
    if (this.allows(host)) return undefined;
    return `${label}: this server ${this.use.onlyPhrase} ${this.patterns.join(', ')} (${this.use.option}); ask whoever runs it to add ${host}`;
  }

  /**
   * @throws HandflowError with the use's code (see {@link problem})
   */
  check(url: string): void {
    const problem = this.problem(url);
    if (problem !== undefined) throw new HandflowError(this.use.code, problem);
  }

  private allows(host: string): boolean {
    const address = bareHost(host);
    if (isIPv4(address)) return this.addresses.check(address, 'ipv4');
    if (isIPv6(address)) return this.addresses.check(address, 'ipv6');
    const name = withoutRootDot(host);
    return this.names.includes(name) || this.domains.some((domain) => name.endsWith(domain));
  }
}

/** Letters, digits, hyphens and underscores in dot-separated labels (no empty label but a final root dot). */
function isHostName(text: string): boolean {
  return /^(?=.{1,253}\.?$)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*\.?$/.test(text);
}

function withoutRootDot(name: string): string {
  return name.endsWith('.') ? name.slice(0, -1) : name;
}

type HostPattern =
  | { readonly kind: 'address'; readonly address: string; readonly prefix: number; readonly family: 'ipv4' | 'ipv6' }
  | { readonly kind: 'domain'; readonly domain: string }
  | { readonly kind: 'name'; readonly name: string };

/** A pattern read: an address or range, `*.domain` (kept as `.domain`), or a name; undefined for none of them. */
function readPattern(pattern: string): HostPattern | undefined {
  const text = pattern.trim().toLowerCase();
  const [address, bits, ...rest] = text.split('/');
  const family = isIPv4(address!) ? 'ipv4' : isIPv6(address!) ? 'ipv6' : undefined;
  if (family !== undefined && rest.length === 0) {
    const prefix = bits === undefined ? (family === 'ipv4' ? 32 : 128) : Number(bits);
    return /^\d+$/.test(bits ?? '0') && prefix <= (family === 'ipv4' ? 32 : 128) ? { kind: 'address', address: address!, prefix, family } : undefined;
  }
  if (text.startsWith('*.') && isHostName(text.slice(2))) return { kind: 'domain', domain: withoutRootDot(text.slice(1)) };
  return isHostName(text) ? { kind: 'name', name: withoutRootDot(text) } : undefined;
}

/** What is wrong with a host pattern (see HostList), or undefined when it is one. */
export function hostPatternProblem(pattern: string): string | undefined {
  if (readPattern(pattern) !== undefined) return undefined;
  return `${JSON.stringify(pattern)} is not a host name, "*.domain", address or address/prefix (such as cam1.lan, *.cams.lan, 192.168.1.20 or 10.0.0.0/8)`;
}

/**
 * The URL's host, lowercased, when every way of reading it agrees: a browser's (WHATWG) and ffmpeg's, whose
 * authority ends at the first "/" or "?" (and in newer versions "#") and whose host follows the last "@".
 * An IPv6 address keeps its brackets.
 */
export function unambiguousHost(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const afterScheme = url.indexOf('://');
  if (afterScheme < 0) return undefined;
  const rest = url.slice(afterScheme + 3);
  const readings = ['/?', '/?#'].map((ends) => ffmpegHost(rest, ends).toLowerCase());
  const host = parsed.hostname.toLowerCase();
  if (host === '' || /[%\\#@]/.test(host) || readings.some((reading) => reading !== host)) return undefined;
  return host;
}

/** How a URL whose host is ambiguous is read, each way, and what to write instead. */
function hostReadings(url: string): string {
  const afterScheme = url.indexOf('://');
  const ffmpeg = afterScheme < 0 ? '' : ffmpegHost(url.slice(afterScheme + 3), '/?');
  let browser = '';
  try {
    browser = new URL(url).hostname;
  } catch {
    return 'it is not a URL: write one such as rtsp://host/path';
  }
  const hint = 'with no "#", "\\", "@" or "%" in the host';
  return browser === '' || browser === ffmpeg
    ? `write it ${hint}`
    : `a browser reads ${JSON.stringify(browser)} and ffmpeg ${JSON.stringify(ffmpeg)}: write the host as ${JSON.stringify(browser)}, ${hint}`;
}

/** The host as ffmpeg's av_url_split finds it in the text after `scheme://`, the authority ending at any of `ends`. */
function ffmpegHost(rest: string, ends: string): string {
  let end = rest.length;
  for (const char of ends) {
    const at = rest.indexOf(char);
    if (at >= 0 && at < end) end = at;
  }
  const authority = rest.slice(0, end);
  const hostAndPort = authority.slice(authority.lastIndexOf('@') + 1);
  if (hostAndPort.startsWith('[')) {
    const close = hostAndPort.indexOf(']');
    return close < 0 ? hostAndPort : hostAndPort.slice(0, close + 1);
  }
  const colon = hostAndPort.indexOf(':');
  return colon < 0 ? hostAndPort : hostAndPort.slice(0, colon);
}
