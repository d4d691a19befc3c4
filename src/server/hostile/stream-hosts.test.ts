import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import type { Logger } from 'pino';

import { StreamHosts } from '../../ingestion/stream-hosts.js';
import { capturedLog } from '../../orchestrator/testing/captured-log.js';
import { HttpTestServer, type Reply } from '../../testing/http-test-server.js';
import { RtspTestServer } from '../../testing/rtsp-test-server.js';
import { scratchFolder } from '../../testing/scratch.js';
import { repoRoot } from '../../testing/shared-data.js';
import { streamClip } from '../../testing/stream-clip.js';
import { startServer, type RunningServer } from '../start-server.js';
import { sessionOutcome } from '../testing/session-outcome.js';
import { testServerOptions } from '../testing/test-server.js';

/**
 * A web server on one loopback address: the open-hand video as MPEG-TS at /clip.ts; with `elsewhere`, another
 * host's video reached from here: /moved redirects to it, the ffmpeg concat list at /list names it, and the one at
 * /relative-list names /seg beside it, which redirects to it.
 */
function videoHost(address: string, clip: Buffer, elsewhere?: HttpTestServer): Promise<HttpTestServer> {
  return HttpTestServer.start(({ path }): number | Reply => {
    if (path === '/clip.ts') return { status: 200, headers: { 'content-type': 'video/mp2t' }, body: clip };
    const away = elsewhere?.urlFor('/clip.ts');
    if (away === undefined) return 404;
    if (path === '/moved' || path === '/seg') return { status: 302, headers: { location: away } };
    if (path === '/list') return { status: 200, body: `ffconcat version 1.0\nfile '${away}'\n` };
    if (path === '/relative-list') return { status: 200, body: 'ffconcat version 1.0\nfile seg\n' };
    return 404;
  }, address);
}

/** An IPv4 address of this machine's other than loopback, if it has one. */
const ownAddress = Object.values(networkInterfaces()).flat().find((address) => address?.family === 'IPv4' && !address.internal)?.address;

describe('--stream-host against a hostile client: URL sources reach the hosts listed and no other', () => {
  const scratch = scratchFolder('handflow-stream-hosts-');
  let listed: HttpTestServer;
  let elsewhere: HttpTestServer;
  let listedCamera: RtspTestServer;
  let cameraElsewhere: RtspTestServer;
  const servers: { server: RunningServer; removeScratch(): void }[] = [];

  before(async () => {
    const clip = streamClip(scratch.path);
    // Linux answers on all of 127.0.0.0/8: 127.0.0.2 stands for a host the server may not reach.
    elsewhere = await videoHost('127.0.0.2', clip);
    listed = await videoHost('127.0.0.1', clip, elsewhere);
    cameraElsewhere = await RtspTestServer.start(clip, { address: '127.0.0.2' });
    listedCamera = await RtspTestServer.start(clip, { redirectTo: () => cameraElsewhere.url });
  });
  after(async () => {
    for (const { server, removeScratch } of servers) {
      await server.app.close();
      removeScratch();
    }
    await listed.stop();
    await elsewhere.stop();
    await listedCamera.stop();
    await cameraElsewhere.stop();
  });

  /** A server on 127.0.0.1 whose URL sources may reach `hosts` (none: any host), logging to `logger`; its origin. */
  async function serve(hosts: string[], logger?: Logger): Promise<string> {
    const options = await testServerOptions({ streamHosts: StreamHosts.parse(hosts), ...(logger === undefined ? {} : { logger }) });
    const capture = { ...options.config.capture, reconnect: { maxAttempts: 0, initialDelayMs: 100, maxDelayMs: 100 } };
    const server = await startServer({ ...options, config: { ...options.config, capture }, host: '127.0.0.1', port: 0, configFolder: options.scratch });
    servers.push({ server, removeScratch: options.removeScratch });
    return new URL(server.url).origin;
  }

  const start = (base: string, url: string) =>
    fetch(`${base}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ source: { type: 'url', url } }) });

  it('plays a stream from a listed host', async () => {
    const base = await serve(['127.0.0.1']);
    const started = await start(base, listed.urlFor('/clip.ts'));
    assert.equal(started.status, 201);
    const session = await sessionOutcome(base, ((await started.json()) as { id: string }).id);
    assert.ok(session.metrics.frames.processed > 0, JSON.stringify(session));
  });

  it('refuses a host not listed with 403, before anything connects to it', async () => {
    const base = await serve(['127.0.0.1', '*.cams.lan']);
    const before = elsewhere.requests.length;
    const started = await start(base, elsewhere.urlFor('/clip.ts'));
    const body = (await started.json()) as { code: string; message: string };
    assert.equal(started.status, 403, JSON.stringify(body));
    assert.equal(body.code, 'STREAM_HOST_NOT_ALLOWED');
    assert.match(body.message, /reads streams only from 127\.0\.0\.1, \*\.cams\.lan \(--stream-host\); ask whoever runs it to add 127\.0\.0\.2/);
    assert.equal(((await (await fetch(`${base}/api/sessions`)).json()) as { sessions: unknown[] }).sessions.length, 0, 'no session was made');
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(elsewhere.requests.length, before, 'nothing connected to the host not listed');
  });

  it('follows no redirect from a listed host to another (which it does with no list)', async () => {
    const open = await serve([]);
    const before = elsewhere.requests.length;
    const followed = await sessionOutcome(open, ((await (await start(open, listed.urlFor('/moved'))).json()) as { id: string }).id);
    assert.ok(followed.metrics.frames.processed > 0 && elsewhere.requests.length > before, 'with no list, ffmpeg follows the redirect and plays the video');

    const base = await serve(['127.0.0.1']);
    const reached = elsewhere.requests.length;
    const started = await start(base, listed.urlFor('/moved'));
    assert.equal(started.status, 201, 'the URL itself names a listed host');
    const session = await sessionOutcome(base, ((await started.json()) as { id: string }).id);
    assert.equal(session.metrics.frames.processed, 0);
    assert.equal(session.endReason, 'failed');
    assert.equal(elsewhere.requests.length, reached, 'the redirect was not followed');
  });

  it('follows no RTSP redirect from a listed camera to another host (which ffmpeg does with no list)', async () => {
    const open = await serve([]);
    const followed = await sessionOutcome(open, ((await (await start(open, listedCamera.url)).json()) as { id: string }).id);
    assert.ok(followed.metrics.frames.processed > 0 && cameraElsewhere.connections === 1, 'with no list, ffmpeg follows the redirect and plays');

    const base = await serve(['127.0.0.1']);
    const started = await start(base, listedCamera.url);
    assert.equal(started.status, 201, 'the URL itself names a listed host');
    const session = await sessionOutcome(base, ((await started.json()) as { id: string }).id);
    assert.equal(session.metrics.frames.processed, 0);
    assert.equal(session.endReason, 'failed');
    assert.equal(cameraElsewhere.connections, 1, 'the redirect was not followed');
  });

  it('does not let a listed host\'s concat list send ffmpeg to another host', async () => {
    const base = await serve(['127.0.0.1']);
    const before = elsewhere.requests.length;
    const started = await start(base, listed.urlFor('/list'));
    assert.equal(started.status, 201);
    const session = await sessionOutcome(base, ((await started.json()) as { id: string }).id);
    assert.equal(session.metrics.frames.processed, 0);
    assert.equal(elsewhere.requests.length, before, 'the list\'s URL was not opened');
    assert.ok(listed.paths.includes('/list'), 'ffmpeg did fetch the list');
  });

  it('does not let a listed host\'s concat list of relative entries send ffmpeg to another host by a redirect', async () => {
    const log = capturedLog();
    const base = await serve(['127.0.0.1'], log.logger);
    const before = elsewhere.requests.length;
    const started = await start(base, listed.urlFor('/relative-list'));
    assert.equal(started.status, 201);
    const session = await sessionOutcome(base, ((await started.json()) as { id: string }).id);
    assert.equal(session.metrics.frames.processed, 0);
    assert.equal(session.endReason, 'failed');
    assert.ok(listed.paths.includes('/relative-list'), 'ffmpeg did fetch the list');
    assert.ok(!listed.paths.includes('/seg'), 'the list\'s entry was not opened');
    assert.equal(elsewhere.requests.length, before, 'nothing reached the host not listed');
    // The server's log says why, once: the stream's own list is refused, and would be again.
    assert.match(log.text(), /relative-list: cannot decode the video: it is concat data, which handflow does not open here: playlists and lists \(hls, dash, concat\.\.\.\) would make ffmpeg read other files or streams, so give the video or stream itself; not reconnecting/);
  });

  it('refuses a URL that ffmpeg would read as naming another host than the one checked', async () => {
    const base = await serve(['127.0.0.1']);
    // A browser's parser reads host 127.0.0.1 here; ffmpeg 5.1 connects to 127.0.0.2.
    const port = new URL(elsewhere.urlFor('/')).port;
    const before = elsewhere.requests.length;
    const started = await start(base, `http://127.0.0.1:${port}\\@127.0.0.2:${port}/clip.ts`);
    const body = (await started.json()) as { code: string; message: string };
    assert.equal(started.status, 403, JSON.stringify(body));
    assert.equal(body.code, 'STREAM_HOST_NOT_ALLOWED');
    assert.match(body.message, /its host cannot be told for certain/);
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(elsewhere.requests.length, before);
  });

  it('with no list, refuses an HLS playlist on another address that names segments on loopback: nothing reaches them', { skip: ownAddress === undefined && 'this machine has no address but loopback' }, async () => {
    // The stream on this machine's own network address (private or public: further out than loopback), its
    // playlist naming "segments" of a service on loopback, as the audit's playlist named a metadata service's.
    const internal = await HttpTestServer.start(() => 200, '127.0.0.1');
    const playlist = await HttpTestServer.start(() => ({
      status: 200,
      headers: { 'content-type': 'application/vnd.apple.mpegurl' },
      body: `#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1,\n${internal.urlFor('/admin/reboot?confirm=1&f=.ts')}\n#EXT-X-ENDLIST\n`,
    }), ownAddress);
    try {
      const base = await serve([]);
      const started = await start(base, playlist.urlFor('/live.m3u8'));
      assert.equal(started.status, 201);
      const session = await sessionOutcome(base, ((await started.json()) as { id: string }).id);
      assert.deepEqual([session.endReason, session.metrics.frames.processed], ['failed', 0]);
      assert.ok(playlist.requests.length > 0, 'the playlist was read');
      assert.deepEqual(internal.requests, [], 'nothing reached the service on loopback');
    } finally {
      await internal.stop();
      await playlist.stop();
    }
  });

  it('handflow serve and handflow worker refuse a --stream-host that is not a host, in one line', () => {
    for (const command of [['serve', '--port', '0'], ['worker', '--nats', 'nats://127.0.0.1:1']]) {
      const result = spawnSync(process.execPath, [join(repoRoot, 'bin', 'handflow.js'), ...command, '--stream-host', '10.0.0.0/33'], {
        env: { ...process.env, HANDFLOW_HOME: scratch.path },
        encoding: 'utf8',
        timeout: 30_000,
      });
      assert.equal(result.status, 1, result.stderr);
      assert.equal(result.stderr.trim(), `handflow ${command[0]}: --stream-host "10.0.0.0/33" is not a host name, "*.domain", address or address/prefix (such as cam1.lan, *.cams.lan, 192.168.1.20 or 10.0.0.0/8)`);
    }
  });
});
