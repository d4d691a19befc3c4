import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';

import { addressScope, type AddressScope } from '../core/address-scope.js';
import type { HandflowError } from '../core/errors.js';
import { HttpTestServer, type Reply } from '../testing/http-test-server.js';
import { missingTools } from '../testing/required-tools.js';
import { scratchFolder } from '../testing/scratch.js';
import { streamClip } from '../testing/stream-clip.js';
import { makeTestCertificate, type TestCertificate } from '../testing/test-certificate.js';
import { waitFor } from '../testing/wait-for.js';
import { resolveFfmpegPath } from './ffmpeg-binary.js';
import { networkInput } from './network-input.js';
import { StreamHosts } from './stream-hosts.js';
import { decodeFfmpegFrames } from './video-decoder.js';
import type { WebProxyOptions } from './web-proxy.js';

/**
 * This machine has only loopback to test on: 127.0.0.3 and 127.0.0.4 stand in for servers on the internet (or on
 * the local network, with `scope`), and 127.0.0.2 for a service that listens on loopback.
 */
function standIns(scope: AddressScope = 'public'): WebProxyOptions {
  return { scopeOf: (address) => (address === '127.0.0.3' || address === '127.0.0.4' ? scope : addressScope(address)) };
}

/** Frames decoded from `url` read with `web`, up to `most`; the error that ended it, if one did. */
async function play(url: string, web: WebProxyOptions, { caFile, most = 60 }: { caFile?: string; most?: number } = {}): Promise<{ frames: number; error?: HandflowError }> {
  let frames = 0;
  try {
    for await (const _frame of decodeFfmpegFrames(networkInput(url, StreamHosts.ANY, caFile, web))) if (++frames === most) break;
  } catch (error) {
    return { frames, error: error as HandflowError };
  }
  return { frames };
}

/** An HLS playlist of `segments` (URIs), 1 s each, after `tags`. */
function playlist(segments: readonly string[], tags: readonly string[] = []): string {
  return ['#EXTM3U', '#EXT-X-TARGETDURATION:2', ...tags, ...segments.flatMap((uri) => ['#EXTINF:1,', uri]), '#EXT-X-ENDLIST', ''].join('\n');
}

/** What an HTTPS test server answers for each path: a body, or a body with headers. */
type SecureAnswers = Record<string, string | Buffer | { headers: Record<string, string>; body: Buffer }>;

/** The TCP servers and sockets this process holds open (Node's own count of them). */
function openTcp(): { servers: number; sockets: number } {
  const open = process.getActiveResourcesInfo();
  return { servers: open.filter((kind) => kind === 'TCPServerWrap').length, sockets: open.filter((kind) => kind === 'TCPSocketWrap').length };
}

describe('web streams lead nowhere nearer this machine than their own address', () => {
  const scratch = scratchFolder('handflow-web-proxy-');
  let segments: Buffer[];
  /** A service on loopback that nothing a public stream serves may reach. */
  let internal: HttpTestServer;
  const stops: (() => Promise<void>)[] = [];

  before(async () => {
    streamClip(scratch.path);
    execFileSync(resolveFfmpegPath(), ['-v', 'error', '-i', join(scratch.path, 'clip.ts'), '-c', 'copy', '-f', 'hls', '-hls_time', '1', '-hls_list_size', '0', join(scratch.path, 'live.m3u8')]);
    segments = [0, 1].map((index) => readFileSync(join(scratch.path, `live${index}.ts`)));
    internal = await HttpTestServer.start(() => ({ status: 200, body: segments[0]! }), '127.0.0.2');
    stops.push(() => internal.stop());
  });
  after(async () => {
    for (const stop of stops) await stop();
  });

  /** A web server on `address` answering with `answer` for each path, 404 for the rest. */
  async function web(address: string, answer: Record<string, Reply>): Promise<HttpTestServer> {
    const server = await HttpTestServer.start(({ path }) => answer[path] ?? 404, address);
    stops.push(() => server.stop());
    return server;
  }

  /** An HTTPS server on 127.0.0.3 with `certificate`, answering `answer` for each path, 404 for the rest; its origin. */
  async function secureWeb(certificate: TestCertificate, answer: SecureAnswers): Promise<string> {
    const server: Server = createServer({ key: certificate.key, cert: certificate.cert }, (request, response) => {
      const body = answer[request.url ?? ''];
      if (body === undefined) response.writeHead(404).end();
      else if (typeof body === 'string' || Buffer.isBuffer(body)) response.writeHead(200).end(body);
      else response.writeHead(200, body.headers).end(body.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.3', resolve));
    stops.push(() => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    });
    return `https://127.0.0.3:${(server.address() as AddressInfo).port}`;
  }

  const segment = (index: number): Reply => ({ status: 200, headers: { 'content-type': 'video/mp2t' }, body: segments[index]! });

  it('refuses an HLS playlist whose segment or key is on loopback, before anything reaches it, naming where it led', { timeout: 60_000 }, async () => {
    const metadata = internal.urlFor('/latest/meta-data/iam/security-credentials/?x=.ts');
    const reboot = internal.urlFor('/admin/reboot?confirm=1&f=.ts');
    const secure = internal.urlFor('/secure.ts').replace('http:', 'https:');
    const key = `#EXT-X-KEY:METHOD=AES-128,URI="${internal.urlFor('/key')}"`;
    const hostile = await web('127.0.0.3', {
      '/metadata.m3u8': { status: 200, body: playlist([metadata, reboot]) },
      '/after-a-segment.m3u8': { status: 200, body: playlist(['live0.ts', reboot]) },
      '/secure.m3u8': { status: 200, body: playlist([secure]) },
      '/key.m3u8': { status: 200, body: playlist(['live0.ts'], [key]) },
      '/live0.ts': segment(0),
    });
    for (const [path, target] of [
      ['/metadata.m3u8', /http:\/\/127\.0\.0\.2:\d+\/latest\/meta-data\/iam\/security-credentials\/\?x=\*\*\*/],
      ['/after-a-segment.m3u8', /http:\/\/127\.0\.0\.2:\d+\/admin\/reboot\?confirm=\*\*\*&f=\*\*\*/],
      ['/secure.m3u8', /https:\/\/127\.0\.0\.2:\d+\/secure\.ts/],
      ['/key.m3u8', /http:\/\/127\.0\.0\.2:\d+\/key/],
    ] as const) {
      const url = hostile.urlFor(path);
      const { error } = await play(url, standIns());
      assert.equal(error?.code, 'STREAM_REFUSED', `${path}: ${error?.message}`);
      assert.match(error.message, new RegExp(`^${url.replaceAll('.', '\\.')}: cannot decode the video( after \\d+ frames)?: it led to ${target.source} \\(127\\.0\\.0\\.2, a loopback address\\), which a stream on a public address may not reach: .*give that URL itself if you mean to read it$`), path);
    }
    assert.deepEqual(internal.paths, [], 'nothing reached the loopback service');
  });

  it('never opens a proxy a playlist names (httpproxy://), which ffmpeg would connect to itself, past the proxy', { timeout: 60_000 }, async () => {
    // What reaches a service on loopback: the first line of each connection. (ffmpeg opens a segment whose URL
    // ends as a media file's does, here `CONNECT 127.0.0.2:6379/x.ts`.)
    const reached: string[] = [];
    const service = createNetServer((socket) => {
      socket.on('error', () => undefined);
      socket.once('data', (data) => {
        reached.push(String(data).split('\r\n')[0]!);
        socket.destroy();
      });
    });
    await new Promise<void>((resolve) => service.listen(0, '127.0.0.2', resolve));
    stops.push(() => new Promise((resolve) => service.close(() => resolve())));
    const port = (service.address() as AddressInfo).port;
    const hostile = await web('127.0.0.3', {
      '/proxy.m3u8': { status: 200, body: playlist(['live0.ts', `httpproxy://127.0.0.2:${port}/127.0.0.2:6379/x.ts`, 'live1.ts']) },
      '/live0.ts': segment(0),
      '/live1.ts': segment(1),
    });
    const { frames } = await play(hostile.urlFor('/proxy.m3u8'), standIns(), { most: 100 });
    assert.deepEqual(reached, [], 'ffmpeg connected to the service on loopback');
    assert.equal(frames, 50, 'the playlist was read: its other segments played');
  });

  it('refuses a redirect from a public address to link-local or loopback, and from a private one to loopback', { timeout: 60_000 }, async () => {
    const origin = await web('127.0.0.3', {
      '/to-metadata': { status: 302, headers: { location: 'http://169.254.169.254/latest/meta-data/' } },
      '/to-loopback': { status: 302, headers: { location: internal.urlFor('/via-redirect') } },
    });
    for (const [path, scope, led] of [
      ['/to-metadata', 'public', /http:\/\/169\.254\.169\.254\/latest\/meta-data\/ \(169\.254\.169\.254, a link-local address\), which a stream on a public address/],
      ['/to-loopback', 'public', /http:\/\/127\.0\.0\.2:\d+\/via-redirect \(127\.0\.0\.2, a loopback address\), which a stream on a public address/],
      ['/to-metadata', 'private', /\(169\.254\.169\.254, a link-local address\), which a stream on a private address/],
      ['/to-loopback', 'private', /\(127\.0\.0\.2, a loopback address\), which a stream on a private address/],
    ] as const) {
      const { frames, error } = await play(origin.urlFor(path), standIns(scope));
      assert.equal(frames, 0);
      assert.equal(error?.code, 'STREAM_REFUSED', `${path} (${scope}): ${error?.message}`);
      assert.match(error.message, new RegExp(`: cannot decode the video: it led to (http:\\S+ )?${led.source}`));
    }
    assert.deepEqual(internal.paths, [], 'nothing reached the loopback service');
  });

  it('keeps ffmpeg on the proxy when the environment names hosts to reach without one (no_proxy)', { timeout: 60_000 }, async (t) => {
    const saved = { no_proxy: process.env.no_proxy, NO_PROXY: process.env.NO_PROXY };
    t.after(() => {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    });
    process.env.no_proxy = process.env.NO_PROXY = '127.0.0.2,169.254.169.254';
    const hostile = await web('127.0.0.3', { '/live.m3u8': { status: 200, body: playlist([internal.urlFor('/bypass.ts')]) } });
    const { error } = await play(hostile.urlFor('/live.m3u8'), standIns());
    assert.equal(error?.code, 'STREAM_REFUSED', error?.message);
    assert.deepEqual(internal.paths, [], 'ffmpeg did not connect to the loopback service itself');
  });

  it('refuses a playlist it cannot pass on, larger than any stream\'s or in an encoding it cannot read, naming why', { timeout: 60_000 }, async () => {
    const huge = playlist(Array.from({ length: 400_000 }, (_, index) => `segment-${index}.ts`));
    const origin = await web('127.0.0.3', {
      '/huge.m3u8': { status: 200, headers: { 'content-type': 'application/vnd.apple.mpegurl' }, body: huge },
      '/zstd.m3u8': { status: 200, headers: { 'content-type': 'application/vnd.apple.mpegurl', 'content-encoding': 'zstd' }, body: playlist(['live0.ts']) },
      '/live0.ts': segment(0),
    });
    assert.ok(Buffer.byteLength(huge) > 8 * 1024 * 1024);
    for (const [path, why] of [
      ['/huge.m3u8', /the playlist at http:\/\/127\.0\.0\.3:\d+\/huge\.m3u8 is larger than 8 MiB, more than any stream's$/],
      ['/zstd.m3u8', /the playlist at http:\/\/127\.0\.0\.3:\d+\/zstd\.m3u8 came encoded as zstd, which handflow cannot read$/],
    ] as const) {
      const { frames, error } = await play(origin.urlFor(path), standIns());
      assert.equal(frames, 0, path);
      assert.equal(error?.code, 'STREAM_REFUSED', `${path}: ${error?.message}`);
      assert.match(error.message, why);
    }
  });

  it('plays an HLS stream whose segments are on its own host and another public one', { timeout: 60_000 }, async () => {
    const other = await web('127.0.0.4', { '/live1.ts': segment(1) });
    const origin = await web('127.0.0.3', { '/live.m3u8': { status: 200, body: playlist(['live0.ts', other.urlFor('/live1.ts')]) }, '/live0.ts': segment(0) });
    assert.deepEqual(await play(origin.urlFor('/live.m3u8'), standIns()), { frames: 50 });
    assert.deepEqual([origin.paths, other.paths], [['/live.m3u8', '/live0.ts'], ['/live1.ts']]);
  });

  it('reads https through the proxy: plays, checks the certificate, and refuses where an encrypted playlist leads', { skip: missingTools('openssl'), timeout: 60_000 }, async () => {
    const certificate = makeTestCertificate(scratch.path, 'public', 'IP:127.0.0.3');
    const answers: SecureAnswers = {};
    const origin = await secureWeb(certificate, Object.assign(answers, {
      '/live.m3u8': playlist(['live0.ts', 'live1.ts']),
      '/live0.ts': segments[0]!,
      '/live1.ts': segments[1]!,
      '/hostile.m3u8': playlist(['live0.ts', internal.urlFor('/from-https.ts')]),
    }));
    // Its URIs absolute and protocol-relative, compressed although the proxy asked for it plain.
    answers['/absolute.m3u8'] = {
      headers: { 'content-type': 'application/vnd.apple.mpegurl', 'content-encoding': 'gzip' },
      body: gzipSync(playlist([`${origin}/live0.ts`, `${origin.replace('https:', '')}/live1.ts`])),
    };
    assert.deepEqual(await play(`${origin}/live.m3u8`, standIns()), { frames: 50 });
    assert.deepEqual(await play(`${origin}/absolute.m3u8`, standIns()), { frames: 50 }, 'https URIs in a playlist');
    assert.deepEqual(await play(`${origin}/live.m3u8`, standIns(), { caFile: certificate.certFile }), { frames: 50 }, 'with --stream-ca');
    const { error } = await play(`${origin}/hostile.m3u8`, standIns());
    assert.equal(error?.code, 'STREAM_REFUSED', error?.message);
    assert.match(error.message, /it led to http:\/\/127\.0\.0\.2:\d+\/from-https\.ts \(127\.0\.0\.2, a loopback address\)/);
    assert.deepEqual(internal.paths, []);
  });

  it('leaves no proxy or connection open once a decode ends, played out, left early or refused', { timeout: 60_000 }, async () => {
    const origin = await web('127.0.0.3', {
      '/live.m3u8': { status: 200, body: playlist(['live0.ts', 'live1.ts']) },
      '/hostile.m3u8': { status: 200, body: playlist(['live0.ts', internal.urlFor('/x.ts')]) },
      '/live0.ts': segment(0),
      '/live1.ts': segment(1),
    });
    const open = openTcp();
    assert.equal((await play(origin.urlFor('/live.m3u8'), standIns())).frames, 50);
    assert.equal((await play(origin.urlFor('/live.m3u8'), standIns(), { most: 5 })).frames, 5);
    assert.equal((await play(origin.urlFor('/hostile.m3u8'), standIns())).error?.code, 'STREAM_REFUSED');
    assert.equal(openTcp().servers, open.servers, 'no proxy is left listening');
    // The test servers' ends of closed connections close a moment later.
    await waitFor('the connections to close', () => (openTcp().sockets <= open.sockets ? true : undefined));
  });
});
