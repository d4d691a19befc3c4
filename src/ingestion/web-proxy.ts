import type { LookupAddress } from 'node:dns';
import { lookup } from 'node:dns/promises';
import { Agent, createServer, request, type IncomingHttpHeaders, type IncomingMessage, type RequestOptions, type ServerResponse } from 'node:http';
import { Agent as HttpsAgent, request as requestTls } from 'node:https';
import { isIP, type AddressInfo, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { checkServerIdentity } from 'node:tls';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';

import { ADDRESS_SCOPES, addressScope, isNearer, type AddressScope } from '../core/address-scope.js';
import { unambiguousHost } from '../core/host-list.js';
import { bareHost } from '../core/loopback-host.js';
import { errorMessage } from '../core/errors.js';
import { peerUrlForMessages } from '../core/redact-url.js';
import type { InputFailure } from './ffmpeg-input.js';
import { looksLikePlaylist, rewritePlaylist, TlsOrigins } from './plain-web-urls.js';
import { certificateRefusal, streamTlsOptions, type StreamCa } from './stream-ca.js';

/** Headers about one connection rather than the request (RFC 9110, 7.6.1): a proxy passes them on neither way. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

/** A web stream read through a proxy on this machine that connects only where the stream may lead. */
export interface WebProxy {
  /** What ffmpeg is given as its `http_proxy`: `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** The stream's URL as ffmpeg opens it: in plain http (see {@link TlsOrigins}). */
  readonly streamUrl: string;
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
 * which ffmpeg's http protocol and its HLS demuxer pass to every connection they open). ffmpeg speaks plain http
 * only, in absolute-form requests: the proxy speaks TLS to the origins that were https, checking their certificate
 * against `ca` (`--stream-ca`) if given, and writes https URLs in redirects and playlists as ffmpeg must ask for
 * them ({@link TlsOrigins}). It resolves every host itself, once per decode, and connects to the address it
 * checked: a redirect, playlist, segment or key may not lead to an address nearer in towards this machine than the
 * stream's own (see {@link AddressScope}), so a stream on the internet cannot make handflow send requests to the
 * local network, the cloud's metadata service or loopback. Such a connection is answered 403 and ends the stream
 * ({@link WebProxy.refused}), as does a certificate `ca` does not vouch for.
 * It connects directly: a proxy of the environment (`http_proxy`) is not used.
 */
export async function startWebProxy(streamUrl: string, ca: StreamCa | undefined, { scopeOf = addressScope }: WebProxyOptions = {}): Promise<WebProxy> {
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
    const bare = bareHost(host);
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
      failure ??= { reason: `cannot find the address of ${bareHost(host)}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, lasting: false };
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

  const origins = new TlsOrigins();
  const plainAgent = new Agent({ keepAlive: true });
  const tlsAgent = new HttpsAgent({ keepAlive: true });
  const forward = async (incoming: IncomingMessage, answer: ServerResponse): Promise<void> => {
    let requested: URL;
    try {
      requested = new URL(incoming.url ?? '');
    } catch {
      answer.writeHead(400).end();
      return;
    }
    // ffmpeg speaks only plain http, to this proxy alone (absolute-form requests): nothing else is fetched for it.
    if (requested.protocol !== 'http:') {
      answer.writeHead(400).end();
      return;
    }
    const target = origins.meant(requested);
    const destination = await checkedAddress(target.hostname, target.href);
    if (destination === undefined) {
      answer.writeHead(refusal.signal.aborted ? 403 : 502).end();
      return;
    }
    const secure = target.protocol === 'https:';
    const host = bareHost(target.hostname);
    const common: RequestOptions = {
      host: destination.address,
      family: destination.family,
      port: target.port === '' ? (secure ? 443 : 80) : Number(target.port),
      method: incoming.method,
      path: `${target.pathname}${target.search}`,
      // Playlists are rewritten on their way: they must come unencoded. Host as the stream meant it (no :443).
      headers: { ...endToEnd(incoming.headers), host: target.host, 'accept-encoding': 'identity' },
      setHost: false,
    };
    const outgoing = secure
      ? requestTls({
          ...common,
          agent: tlsAgent,
          ...streamTlsOptions(ca),
          // The connection goes to the address checked; the certificate must be for the host the URL names.
          ...(isIP(host) === 0 ? { servername: host } : {}),
          checkServerIdentity: (_address, certificate) => checkServerIdentity(host, certificate),
        })
      : request({ ...common, agent: plainAgent });
    outgoing.on('socket', (socket) => track(socket));
    let finished = false;
    outgoing.once('response', (reply) => {
      reply.once('close', () => (finished = true));
      void answerWith(reply, target, answer).catch((error: unknown) => {
        const refused = error instanceof PlaylistRefusal;
        failure ??= refused
          ? { reason: `the playlist at ${peerUrlForMessages(target.href)} ${error.message}`, lasting: true }
          : { reason: `${target.host} cut its answer short: ${errorMessage(error)}`, lasting: false };
        if (refused) refusal.abort();
        if (answer.headersSent) answer.destroy();
        else answer.writeHead(502).end();
      });
    });
    outgoing.once('error', (error: NodeJS.ErrnoException) => {
      const refused = certificateRefusal(target.host, ca, error);
      failure ??= refused ?? { reason: `cannot connect to ${target.host}: ${error.code ?? error.message}`, lasting: false };
      // ffmpeg skips an HLS segment it cannot have and plays on: a refused one ends the stream here.
      if (refused !== undefined) refusal.abort();
      if (answer.headersSent) answer.destroy();
      else answer.writeHead(502).end();
    });
    answer.once('close', () => {
      if (!finished) outgoing.destroy();
    });
    incoming.pipe(outgoing);
  };

  /**
   * Answers ffmpeg with `reply` from `target`: a redirect's Location and a playlist's URIs as ffmpeg must ask for them
   * (plain http, see {@link TlsOrigins}), anything else streamed as it comes.
   */
  const answerWith = async (reply: IncomingMessage, target: URL, answer: ServerResponse): Promise<void> => {
    const headers = endToEnd(reply.headers);
    if (typeof reply.headers.location === 'string') {
      try {
        headers.location = origins.plain(new URL(reply.headers.location, target));
      } catch {
        // Not a URL: ffmpeg fails on it as it would without the proxy.
      }
    }
    const first = await firstChunk(reply);
    if (first !== undefined && (/mpegurl/i.test(reply.headers['content-type'] ?? '') || looksLikePlaylist(first))) {
      const text = rewritePlaylist(await playlistText(reply, first), target, (url) => origins.plain(url));
      delete headers['content-encoding'];
      answer.writeHead(reply.statusCode ?? 502, { ...headers, 'content-length': Buffer.byteLength(text) });
      answer.end(text);
      return;
    }
    answer.writeHead(reply.statusCode ?? 502, headers);
    if (first === undefined) {
      answer.end();
      return;
    }
    answer.write(first);
    reply.pipe(answer);
    reply.once('close', () => {
      if (reply.complete) return;
      // The server cut its answer short, as a camera's MJPEG stream ends: ffmpeg must see the end as it would
      // without the proxy (and give out the frame it holds), not wait for the rest until its stall timeout.
      if (answer.hasHeader('content-length')) answer.destroy();
      else answer.end();
    });
  };

  // No CONNECT: ffmpeg's https through a proxy would need its httpproxy protocol, which a playlist could name too.
  const server = createServer((incoming, answer) => void forward(incoming, answer));
  server.on('connection', (socket: Socket) => track(socket));
  const closed = new Promise<void>((resolve) => server.once('close', () => resolve()));
  // Loopback only: no other machine may use it to reach what this one can.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    streamUrl: origins.plain(new URL(streamUrl)),
    failure: () => failure,
    refused: refusal.signal,
    close: async () => {
      if (server.listening) server.close();
      for (const socket of sockets) socket.destroy();
      plainAgent.destroy();
      tlsAgent.destroy();
      await closed;
    },
  };
}

/** Larger than any stream's playlist (a live one holds a few segments; a day of 2 s segments is about 3 MB). */
const MAX_PLAYLIST_BYTES = 8 * 1024 * 1024;

/** A playlist the proxy cannot pass on: the stream is refused. */
class PlaylistRefusal extends Error {}

/** The first chunk of `reply`'s body, with `reply` paused after it; undefined for an empty body or one cut before any. */
function firstChunk(reply: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const settle = (chunk: Buffer | undefined): void => {
      reply.off('data', settle).off('end', settle).off('close', settle);
      reply.pause();
      resolve(chunk);
    };
    reply.on('data', settle).once('end', settle).once('close', settle);
  });
}

/** The rest of a playlist's body after `first`, decoded as its Content-Encoding says. */
async function playlistText(reply: IncomingMessage, first: Buffer): Promise<string> {
  const chunks = [first];
  let size = first.length;
  for await (const chunk of reply as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_PLAYLIST_BYTES) {
      reply.destroy();
      throw new PlaylistRefusal(`is larger than ${MAX_PLAYLIST_BYTES / 1024 / 1024} MiB, more than any stream's`);
    }
    chunks.push(chunk);
  }
  const body = Buffer.concat(chunks);
  const encoding = String(reply.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  const limit = { maxOutputLength: MAX_PLAYLIST_BYTES };
  try {
    if (encoding === 'identity') return body.toString('utf8');
    if (encoding === 'gzip' || encoding === 'x-gzip') return gunzipSync(body, limit).toString('utf8');
    if (encoding === 'deflate') return inflateSync(body, limit).toString('utf8');
    if (encoding === 'br') return brotliDecompressSync(body, limit).toString('utf8');
  } catch (error) {
    throw new PlaylistRefusal(`cannot be decoded from ${encoding} (${errorMessage(error)})`);
  }
  throw new PlaylistRefusal(`came encoded as ${encoding}, which handflow cannot read`);
}

/** The widest of some scopes (the least near to this machine). */
function widest(scopes: readonly AddressScope[]): AddressScope {
  return ADDRESS_SCOPES.find((scope) => scopes.includes(scope)) ?? 'public';
}


/** The headers that go on past the proxy: not the hop-by-hop ones, nor those a Connection header names. */
function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const named = new Set(String(headers.connection ?? '').toLowerCase().split(',').map((name) => name.trim()));
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name) && !named.has(name)));
}
