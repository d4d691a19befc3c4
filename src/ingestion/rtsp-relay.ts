import { connect, createServer, isIP, type AddressInfo, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';

import { bareHost } from '../core/loopback-host.js';
import { peerUrlForMessages } from '../core/redact-url.js';
import type { InputFailure } from './ffmpeg-input.js';
import { certificateRefusal, streamTlsOptions, type StreamCa } from './stream-ca.js';

/** RTSP's ports when a URL names none (RFC 2326, RFC 7826). */
const DEFAULT_PORTS: Readonly<Record<string, number>> = { rtsp: 554, rtsps: 322 };

/** The header ffmpeg redirects to: it reads a reply's `Location:` line (any case) and opens that URL instead. */
const LOCATION = 'location:';

/**
 * Watches the bytes an RTSP server sends for a `Location:` header, the only way it can send ffmpeg to another host
 * (a 3xx reply; ffmpeg has no option to refuse one). It looks at every byte, not only where a header could start,
 * so that no way of framing the replies (interleaved media, bodies, malformed lengths) hides one from it: ffmpeg
 * drops carriage returns from the lines it reads and compares header names in ASCII case, and so does this.
 */
export class LocationHeaderScanner {
  /** The last characters seen (carriage returns dropped, lowercased): a header split between chunks. */
  private tail = '';

  /** The text after `Location:` up to the end of its line when `chunk` completes one, else undefined. */
  scan(chunk: Uint8Array): { readonly location: string } | undefined {
    const text = this.tail + Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('latin1').replaceAll('\r', '');
    const at = text.toLowerCase().indexOf(LOCATION);
    if (at >= 0) {
      const line = text.slice(at + LOCATION.length);
      const end = line.indexOf('\n');
      return { location: (end < 0 ? line : line.slice(0, end)).trim() };
    }
    this.tail = text.slice(-(LOCATION.length - 1));
    return undefined;
  }
}

/** An RTSP stream read through a relay on this machine that refuses redirects. */
export interface RtspRelay {
  /** The URL ffmpeg opens: the stream's, with the relay's loopback address for its host, and plain `rtsp`. */
  readonly url: string;
  /** Why the relay cut the stream (a redirect or a certificate refused: lasting; the camera unreachable), if it did. */
  failure(): InputFailure | undefined;
  close(): Promise<void>;
}

export interface RtspRelayOptions {
  /** The stream's host was checked against `--stream-host` (what a refused redirect's message names). */
  readonly hostsListed: boolean;
  /** An `rtsps` camera must present a certificate for its host that these vouch for (`--stream-ca`). */
  readonly ca?: StreamCa;
}

/**
 * Starts a relay on 127.0.0.1 to the host and port `url` names, for ffmpeg to read the stream through: it passes
 * bytes both ways unchanged, but cuts the connection before a redirect reaches ffmpeg, so that ffmpeg connects to
 * the host handflow checked and to no other. For `rtsps`, the relay speaks TLS to the camera (checking its
 * certificate with `ca`) and plain RTSP to ffmpeg over loopback. The URL's host must have been checked to read the
 * same to ffmpeg and to `URL` (StreamHosts does).
 */
export async function startRtspRelay(url: string, { hostsListed, ca }: RtspRelayOptions): Promise<RtspRelay> {
  const parsed = new URL(url);
  const scheme = parsed.protocol.slice(0, -1).toLowerCase();
  const host = bareHost(parsed.hostname);
  const port = parsed.port === '' ? DEFAULT_PORTS[scheme]! : Number(parsed.port);
  const camera = `${parsed.hostname}:${port}`;
  let failure: InputFailure | undefined;
  const sockets = new Set<Socket>();
  const track = (socket: Socket): Socket => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    return socket;
  };

  const server = createServer((client) => {
    // ffmpeg connects once: no one else may use the relay to reach the camera.
    server.close();
    track(client).pause();
    const tls = streamTlsOptions(ca);
    const upstream = track(
      scheme === 'rtsps' ? connectTls({ host, port, servername: isIP(host) === 0 ? host : undefined, ...tls }) : connect({ host, port }),
    );
    let connected = false;
    const cut = (): void => {
      client.destroy();
      upstream.destroy();
    };
    upstream.once(scheme === 'rtsps' ? 'secureConnect' : 'connect', () => {
      connected = true;
      client.pipe(upstream);
      client.resume();
    });
    upstream.once('error', (error: NodeJS.ErrnoException) => {
      if (connected) return;
      failure ??= certificateRefusal(camera, ca, error) ?? { reason: `cannot connect to ${camera}: ${error.code ?? error.message}`, lasting: false };
    });
    const scanner = new LocationHeaderScanner();
    upstream.on('data', (chunk: Buffer) => {
      const redirect = scanner.scan(chunk);
      if (redirect !== undefined) {
        const location = peerUrlForMessages(redirect.location) || 'another URL';
        const rule = hostsListed ? '--stream-host' : '--stream-ca';
        const reason = `the camera at ${camera} redirected to ${location}; with ${rule}, redirects are not followed: give that URL instead${hostsListed ? ', if its host is listed' : ''}`;
        failure = { reason, lasting: true };
        return cut();
      }
      if (!client.write(chunk)) upstream.pause();
    });
    client.on('drain', () => upstream.resume());
    upstream.once('close', () => client.end());
    client.once('close', () => upstream.destroy());
  });
  const closed = new Promise<void>((resolve) => server.once('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port: relayPort } = server.address() as AddressInfo;
  return {
    url: withRelayHost(url, relayPort),
    failure: () => failure,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      if (server.listening) server.close();
      await closed;
    },
  };
}

/** `url` with `rtsp://` and 127.0.0.1:`port` for its scheme and host; its user, password, path and query as written. */
function withRelayHost(url: string, port: number): string {
  const rest = url.slice(url.indexOf('://') + 3);
  const authorityEnd = rest.search(/[/?#]/);
  const authority = authorityEnd < 0 ? rest : rest.slice(0, authorityEnd);
  const userInfo = authority.slice(0, authority.lastIndexOf('@') + 1);
  return `rtsp://${userInfo}127.0.0.1:${port}${authorityEnd < 0 ? '' : rest.slice(authorityEnd)}`;
}
