import type { LookupAddress } from 'node:dns';
import { lookup } from 'node:dns/promises';
import { Agent, createServer, request, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';

import { ADDRESS_SCOPES, addressScope, isNearer, type AddressScope } from '../core/address-scope.js';
import { unambiguousHost } from '../core/host-list.js';
import { peerUrlForMessages } from '../core/redact-url.js';
import type { InputFailure } from './ffmpeg-input.js';

/** Headers about one connection rather than the request (RFC 9110, 7.6.1): a proxy passes them on neither way. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

/** A web stream read through a proxy on this machine that connects only where the stream may lead. */
export interface WebProxy {
  /** What ffmpeg is given as its `http_proxy`: `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Why the proxy refused a connection (lasting), or could not make one, if it did. */
  failure(): InputFailure | undefined;
  /** Aborted when the proxy refuses a connection: the decode ends then, since ffmpeg skips a refused HLS segment and plays on. */
  readonly refused: AbortSignal;
  /** Closes the proxy and every connection through it. */
  close(): Promise<void>;
}

export interface WebProxyOptions {
  /**
   * The scope of each address a host resolves to; {@link addressScope} unless told. Only tests tell it, to stand a
   * loopback address in for a public one (this machine has no other).
   */
  readonly scopeOf?: (address: string) => AddressScope;
}

/**
 * Starts a forward HTTP proxy on 127.0.0.1 for ffmpeg to read the web stream `streamUrl` through (`-http_proxy`,
 * which ffmpeg's http protocol, its TLS under https and its HLS demuxer pass to every connection they open): plain
 * HTTP comes as absolute-form requests, which it forwards, HTTPS as CONNECT, which it tunnels. It resolves every
 * host itself, once per decode, and connects to the address it checked: a redirect, playlist, segment or key may
 * not lead to an address nearer in towards this machine than the stream's own (see {@link AddressScope}), so a
 * stream on the internet cannot make handflow send requests to the local network, the cloud's metadata service or
 * loopback. Such a connection is answered 403 and ends the stream ({@link WebProxy.refused}).
 * It connects directly: a proxy of the environment (`http_proxy`) is not used.
 */
export async function startWebProxy(streamUrl: string, { scopeOf = addressScope }: WebProxyOptions = {}): Promise<WebProxy> {
  let failure: InputFailure | undefined;
  const refusal = new AbortController();
  const sockets = new Set<Duplex>();
  const track = <T extends Duplex>(socket: T): T => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    return socket;
  };

  // Each host is looked up once per decode: a name cannot resolve to a checked address and then to another.
  const lookups = new Map<string, Promise<LookupAddress[]>>();
  const resolve = (host: string): Promise<LookupAddress[]> => {
    const bare = withoutBrackets(host);
    let found = lookups.get(bare);
    if (found === undefined) {
      found = lookup(bare, { all: true, verbatim: true });
      found.catch(() => undefined);
      lookups.set(bare, found);
    }
    return found;
  };
  // The stream's own scope: the widest of its host's addresses. A URL whose host two parsers read differently
  // (`http://a\@b/`) is held to the public's rule, whichever host ffmpeg takes.
  const streamHost = unambiguousHost(streamUrl);
  let ownScope: Promise<AddressScope> | undefined;
  const streamScope = (): Promise<AddressScope> =>
    (ownScope ??= streamHost === undefined ? Promise.resolve('public') : resolve(streamHost).then((addresses) => widest(addresses.map(({ address }) => scopeOf(address)))));

  /** The checked address to connect to for `host`; undefined (the failure recorded) when there is none. */
  const checkedAddress = async (host: string, target: string): Promise<LookupAddress | undefined> => {
    let own: AddressScope;
    let addresses: LookupAddress[];
    try {
      own = await streamScope();
      addresses = await resolve(host);
    } catch (error) {
      failure ??= { reason: `cannot find the address of ${withoutBrackets(host)}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, lasting: false };
      return undefined;
    }
    const allowed = addresses.find(({ address }) => !isNearer(scopeOf(address), own));
    if (allowed !== undefined) return allowed;
    const { address } = addresses[0]!;
    failure = {
      reason:
        `it led to ${peerUrlForMessages(target)} (${address}, a ${scopeOf(address)} address), which a stream on a ${own} address may not reach: ` +
        'no redirect or playlist of a stream is followed nearer in towards this machine than its own address; give that URL itself if you mean to read it',
      lasting: true,
    };
    refusal.abort();
    return undefined;
  };

  const agent = new Agent({ keepAlive: true });
  const forward = async (incoming: IncomingMessage, answer: ServerResponse): Promise<void> => {
    let target: URL;
    try {
      target = new URL(incoming.url ?? '');
    } catch {
      answer.writeHead(400).end();
      return;
    }
    // ffmpeg asks a proxy for http URLs alone (https comes by CONNECT): nothing else is fetched for it.
    if (target.protocol !== 'http:') {
      answer.writeHead(400).end();
      return;
    }
    const destination = await checkedAddress(target.hostname, target.href);
    if (destination === undefined) {
      answer.writeHead(refusal.signal.aborted ? 403 : 502).end();
      return;
    }
    const port = target.port === '' ? 80 : Number(target.port);
    const outgoing = request({
      host: destination.address,
      family: destination.family,
      port,
      method: incoming.method,
      path: `${target.pathname}${target.search}`,
      headers: endToEnd(incoming.headers),
      setHost: false, // ffmpeg's Host header names the host, not the address
      agent,
    });
    outgoing.on('socket', (socket) => track(socket));
    let finished = false;
    outgoing.once('response', (reply) => {
      answer.writeHead(reply.statusCode ?? 502, endToEnd(reply.headers));
      reply.pipe(answer);
      reply.once('close', () => {
        finished = true;
        if (reply.complete) return;
        // The server cut its answer short, as a camera's MJPEG stream ends: ffmpeg must see the end as it would
        // without the proxy (and give out the frame it holds), not wait for the rest until its stall timeout.
        if (answer.hasHeader('content-length')) answer.destroy();
        else answer.end();
      });
    });
    outgoing.once('error', (error: NodeJS.ErrnoException) => {
      failure ??= { reason: `cannot connect to ${target.host}: ${error.code ?? error.message}`, lasting: false };
      if (answer.headersSent) answer.destroy();
      else answer.writeHead(502).end();
    });
    answer.once('close', () => {
      if (!finished) outgoing.destroy();
    });
    incoming.pipe(outgoing);
  };

  const tunnel = async (incoming: IncomingMessage, client: Duplex, head: Buffer): Promise<void> => {
    track(client);
    const authority = incoming.url ?? '';
    let target: URL | undefined;
    try {
      target = /^[^/?#@\\]+$/.test(authority) ? new URL(`http://${authority}`) : undefined;
    } catch {
      target = undefined;
    }
    if (target === undefined) {
      client.end('HTTP/1.1 400 Bad Request\r\n\r\n');
      return;
    }
    const port = target.port === '' ? 80 : Number(target.port);
    const destination = await checkedAddress(target.hostname, `https://${target.host}/`);
    if (destination === undefined) {
      client.end(`HTTP/1.1 ${refusal.signal.aborted ? '403 Forbidden' : '502 Bad Gateway'}\r\n\r\n`);
      return;
    }
    const upstream = track(connect({ host: destination.address, port }));
    let connected = false;
    upstream.once('connect', () => {
      connected = true;
      client.write('HTTP/1.1 200 Connection established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      client.pipe(upstream);
      upstream.pipe(client);
    });
    upstream.once('error', (error: NodeJS.ErrnoException) => {
      if (connected) return;
      failure ??= { reason: `cannot connect to ${target.host}: ${error.code ?? error.message}`, lasting: false };
      client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
    });
    upstream.once('close', () => client.destroy());
    client.once('close', () => upstream.destroy());
  };

  const server = createServer((incoming, answer) => void forward(incoming, answer));
  server.on('connection', (socket: Socket) => track(socket));
  server.on('connect', (incoming: IncomingMessage, client: Duplex, head: Buffer) => void tunnel(incoming, client, head));
  const closed = new Promise<void>((resolve) => server.once('close', () => resolve()));
  // Loopback only: no other machine may use it to reach what this one can.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    failure: () => failure,
    refused: refusal.signal,
    close: async () => {
      if (server.listening) server.close();
      for (const socket of sockets) socket.destroy();
      agent.destroy();
      await closed;
    },
  };
}

/** The widest of some scopes (the least near to this machine). */
function widest(scopes: readonly AddressScope[]): AddressScope {
  return ADDRESS_SCOPES.find((scope) => scopes.includes(scope)) ?? 'public';
}

function withoutBrackets(host: string): string {
  return host.startsWith('[') ? host.slice(1, -1) : host.toLowerCase();
}

/** The headers that go on past the proxy: not the hop-by-hop ones, nor those a Connection header names. */
function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const named = new Set(String(headers.connection ?? '').toLowerCase().split(',').map((name) => name.trim()));
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name) && !named.has(name)));
}
