import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { connect, createServer as createTcpServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { WebSocket } from 'ws';

import { sharedData } from '../../testing/shared-data.js';
import type { SessionInfo } from '../sessions/session-info-schema.js';
import { startServer, type RunningServer } from '../start-server.js';
import { sessionOutcome } from '../testing/session-outcome.js';
import { OPEN_HAND_VIDEO, testServerOptions } from '../testing/test-server.js';
import type { ServerMessage } from '../ws/protocol.js';

/** A real video in a folder the server may not read. */
const outside = mkdtempSync(join(tmpdir(), 'handflow-outside-'));
const outsideVideo = join(outside, 'private.mp4');
copyFileSync(sharedData(OPEN_HAND_VIDEO), outsideVideo);

/** An HLS playlist whose one segment is the outside video, as a hostile client would serve or upload it. */
const PLAYLIST = `#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\nfile://${outsideVideo}\n#EXT-X-ENDLIST\n`;

const servers: Server[] = [];
let connections = 0;

/** A loopback TCP server that counts connections and answers each with `reply`, then closes it. */
async function tcpServer(reply: string | Buffer): Promise<number> {
  const server = createTcpServer((socket) => {
    connections += 1;
    socket.on('error', () => undefined);
    socket.end(reply);
  });
  return listen(server);
}

async function listen(server: Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** A loopback port that nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** True when something accepts a connection on the loopback `port`. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('ffmpeg confinement against a hostile client', () => {
  let server: RunningServer;
  let base: string;
  let removeScratch = (): void => {};
  const sockets: WebSocket[] = [];

  before(async () => {
    const options = await testServerOptions({ maxSessions: 4 });
    removeScratch = options.removeScratch;
    // One quick reconnection: each stream fails the same way twice, then its session ends.
    const capture = { ...options.config.capture, reconnect: { maxAttempts: 1, initialDelayMs: 400, maxDelayMs: 400 } };
    server = await startServer({ ...options, config: { ...options.config, capture }, host: '127.0.0.1', port: 0, configFolder: options.scratch });
    base = new URL(server.url).origin;
  });
  after(async () => {
    for (const socket of sockets) socket.terminate();
    await server.app.close();
    for (const tcp of servers) tcp.close();
    removeScratch();
    rmSync(outside, { recursive: true, force: true });
  });

  const post = (path: string, body: unknown) =>
    fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  /**
   * What a client learns about a session: its WebSocket messages (previews included) and its listing, once it
   * has ended or processed a frame (a session that does is stopped).
   */
  async function watch(id: string): Promise<{ messages: ServerMessage[]; previews: number; session: SessionInfo }> {
    const socket = new WebSocket(`${base.replace('http', 'ws')}/ws`);
    sockets.push(socket);
    const messages: ServerMessage[] = [];
    let previews = 0;
    socket.on('message', (data, isBinary) => {
      if (isBinary) previews += 1;
      else messages.push(JSON.parse(String(data)) as ServerMessage);
    });
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    socket.send(JSON.stringify({ type: 'subscribe', sessionId: id, preview: true }));
    const session = await sessionOutcome(base, id);
    socket.terminate();
    return { messages, previews, session };
  }

  it('refuses to let a URL stream\'s HLS playlist read a file outside the allowed folders', async () => {
    const tcpPort = await tcpServer(PLAYLIST);
    const http = createHttpServer((_request, response) => {
      connections += 1;
      response.writeHead(200, { 'content-type': 'application/vnd.apple.mpegurl' }).end(PLAYLIST);
    });
    const httpPort = await listen(http as unknown as Server);
    // Unconfined, ffmpeg plays the outside video over tcp://; over http:// its own defaults keep file out, and
    // handflow's list must keep doing so.
    for (const url of [`tcp://127.0.0.1:${tcpPort}/live.m3u8`, `http://127.0.0.1:${httpPort}/live.m3u8`]) {
      const before = connections;
      const started = await post('/api/sessions', { source: { type: 'url', url } });
      assert.equal(started.status, 201, url);
      const { messages, previews, session } = await watch(((await started.json()) as { id: string }).id);
      assert.ok(connections > before, `${url}: ffmpeg fetched the playlist`);
      assert.equal(session.metrics.frames.processed, 0, `${url}: no frame of the outside video`);
      assert.equal(session.endReason, 'failed', url);
      assert.doesNotMatch(JSON.stringify(messages), /hls data|Protocol '?file'? not on whitelist/, `${url}: ffmpeg's reason stays in the server's log`);
      assert.deepEqual(messages.filter((message) => message.channel === 'frame'), [], url);
      assert.equal(previews, 0, `${url}: no preview`);
    }
  });

  it('never lets a URL stream\'s playlist name a proxy (httpproxy://), which ffmpeg would connect to itself, past handflow\'s', async () => {
    let reached = 0;
    const service = createTcpServer((socket) => {
      reached += 1;
      socket.on('error', () => undefined);
      socket.end('HTTP/1.1 200 Connection established\r\n\r\n');
    });
    const servicePort = await listen(service);
    // A segment URL must end as a media file's does for ffmpeg to open it: CONNECT 127.0.0.1:6379/x.ts.
    const playlist = `#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1,\nhttpproxy://127.0.0.1:${servicePort}/127.0.0.1:6379/x.ts\n#EXT-X-ENDLIST\n`;
    let fetched = 0;
    const http = createHttpServer((_request, response) => {
      fetched += 1;
      response.writeHead(200, { 'content-type': 'application/vnd.apple.mpegurl' }).end(playlist);
    });
    const httpPort = await listen(http as unknown as Server);
    const started = await post('/api/sessions', { source: { type: 'url', url: `http://127.0.0.1:${httpPort}/live.m3u8` } });
    assert.equal(started.status, 201);
    const { session } = await watch(((await started.json()) as { id: string }).id);
    assert.ok(fetched > 0, 'ffmpeg fetched the playlist');
    assert.equal(reached, 0, 'ffmpeg connected to the proxy the playlist named');
    assert.equal(session.metrics.frames.processed, 0);
  });

  it('refuses a playlist uploaded as clip.mp4 as a file source, saying it is a playlist', async () => {
    const upload = await fetch(`${base}/api/uploads?name=clip.mp4`, { method: 'POST', headers: { 'content-type': 'video/mp4' }, body: PLAYLIST });
    assert.equal(upload.status, 201);
    const { path } = (await upload.json()) as { path: string };
    const sessionCount = async () => ((await (await fetch(`${base}/api/sessions`)).json()) as { sessions: unknown[] }).sessions.length;
    const sessionsBefore = await sessionCount();
    const started = await post('/api/sessions', { source: { type: 'file', path } });
    const body = (await started.json()) as { code: string; message: string };
    assert.equal(started.status, 422, JSON.stringify(body));
    assert.equal(body.code, 'SOURCE_UNAVAILABLE');
    assert.match(body.message, /\.mp4: not a readable video: it is hls data, which handflow does not open here: playlists and lists/);
    assert.equal(await sessionCount(), sessionsBefore, 'no session was started');
  });

  it('refuses tcp:// URLs that ask ffmpeg to listen, before ffmpeg runs', async () => {
    const port = await closedPort();
    for (const url of [`tcp://127.0.0.1:${port}?listen=1`, `tcp://127.0.0.1:${port}/#?listen=1`]) {
      const started = await post('/api/sessions', { source: { type: 'url', url } });
      const body = (await started.json()) as { code: string; message: string };
      assert.equal(started.status, 400, `${url}: ${JSON.stringify(body)}`);
      assert.equal(body.code, 'INVALID_REQUEST');
      assert.match(body.message, /body\.source\.url: .*the option "listen" would make ffmpeg listen on this machine/);
    }
    // Had ffmpeg been started, it would now be waiting for a connection on the port.
    for (let attempt = 0; attempt < 5; attempt += 1) {
      assert.equal(await accepts(port), false);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  });

  it('refuses udp:// sources, which would take a port on the server', async () => {
    const started = await post('/api/sessions', { source: { type: 'url', url: 'udp://127.0.0.1:5004' } });
    const body = (await started.json()) as { code: string; message: string };
    assert.equal(started.status, 400);
    assert.equal(body.code, 'INVALID_REQUEST');
    assert.match(body.message, /udp:\/\/ streams are not read: ffmpeg would take a port on this machine/);
  });

  it('refuses to tell an open port from a closed one: both streams fail with the same words', async () => {
    const openPort = await tcpServer(Buffer.from('SSH-2.0-OpenSSH_9.2p1 hostile garbage\r\n'.repeat(64)));
    const urls = [`tcp://127.0.0.1:${openPort}/`, `tcp://127.0.0.1:${await closedPort()}/`];
    const before = connections;
    const seen = [];
    for (const url of urls) {
      const started = await post('/api/sessions', { source: { type: 'url', url } });
      assert.equal(started.status, 201, url);
      const { messages, session } = await watch(((await started.json()) as { id: string }).id);
      // The first failure may come before the subscription; the reconnection's and the last one come after.
      const errors = messages.filter((message) => message.channel === 'error').map(({ sessionId: _id, ...error }) => ({ ...error, message: error.message.replace(url, '<url>') }));
      assert.ok(errors.length >= 1, `${url}: ${JSON.stringify(messages)}`);
      // The project's error events too: the same words, whatever ffmpeg said.
      const errorEvents = messages.flatMap((message) => (message.channel === 'event' && message.event.type === 'error' ? [message.event.data] : []));
      assert.ok(errorEvents.length >= 1, `${url}: ${JSON.stringify(messages)}`);
      const shownEvents = errorEvents.map((data) => ({ ...data, message: data.message.replace(url, '<url>') }));
      seen.push({ lastErrors: errors.slice(-1), lastErrorEvents: shownEvents.slice(-1), endReason: session.endReason, processed: session.metrics.frames.processed });
    }
    assert.ok(connections > before, 'ffmpeg reached the open port');
    assert.deepEqual(seen[0], seen[1]);
    const told = "<url>: the stream could not be opened or read. Check that it is up and that the URL is right; the server's log says why";
    assert.deepEqual(seen[0]!.lastErrors, [{ channel: 'error', severity: 'HIGH', stage: 'ingestion', message: told }]);
    assert.deepEqual(seen[0]!.lastErrorEvents, [{ source: 'ingestion', code: 'SOURCE_UNAVAILABLE', message: told }]);
  });
});
