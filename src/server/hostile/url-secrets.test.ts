import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';

import { WebSocket } from 'ws';

import { capturedLog } from '../../orchestrator/testing/captured-log.js';
import { startServer, type RunningServer } from '../start-server.js';
import { sessionOutcome } from '../testing/session-outcome.js';
import { testServerOptions } from '../testing/test-server.js';

/** A loopback port that nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('secrets in a stream URL\'s query stay out of what the server shows and logs', () => {
  const log = capturedLog();
  let server: RunningServer;
  let base: string;
  let removeScratch = (): void => {};

  before(async () => {
    const options = await testServerOptions({ logger: log.logger });
    removeScratch = options.removeScratch;
    // One quick reconnection: each stream fails twice (its reason logged each time), then its session ends.
    const capture = { ...options.config.capture, reconnect: { maxAttempts: 1, initialDelayMs: 200, maxDelayMs: 200 } };
    server = await startServer({ ...options, config: { ...options.config, capture }, host: '127.0.0.1', port: 0, configFolder: options.scratch });
    base = new URL(server.url).origin;
  });
  after(async () => {
    await server.app.close();
    removeScratch();
  });

  /** Starts a session on `url` and follows it to its end: every text a client got about it. */
  async function followSession(url: string): Promise<{ label: string; seen: string }> {
    const started = await fetch(`${base}/api/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ source: { type: 'url', url } }),
    });
    const answer = await started.text();
    assert.equal(started.status, 201, answer);
    const { id } = JSON.parse(answer) as { id: string };
    const socket = new WebSocket(`${base.replace('http', 'ws')}/ws`);
    const messages: string[] = [];
    socket.on('message', (data, isBinary) => isBinary || messages.push(String(data)));
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    socket.send(JSON.stringify({ type: 'subscribe', sessionId: id, preview: false }));
    const session = await sessionOutcome(base, id);
    socket.terminate();
    assert.equal(session.endReason, 'failed', JSON.stringify(session));
    const listed = await (await fetch(`${base}/api/sessions`)).text();
    assert.ok(messages.some((message) => message.includes('"error"')), `clients were told of the failure: ${messages.join('\n')}`);
    return { label: session.source.label, seen: [answer, listed, ...messages].join('\n') };
  }

  it('an SRT passphrase: not in the answer, the session list, WebSocket messages or the log', async () => {
    const { label, seen } = await followSession('srt://127.0.0.1:1?passphrase=SRTSECRETPASS&latency=200');
    assert.equal(label, 'srt://127.0.0.1:1?passphrase=***&latency=***');
    assert.doesNotMatch(seen, /SRTSECRETPASS/);
    assert.match(log.text(), /srt:\/\/127\.0\.0\.1:1\?passphrase=\*\*\*&latency=\*\*\*/, 'the log names the stream');
    assert.doesNotMatch(log.text(), /SRTSECRETPASS/);
  });

  it('a token, where ffmpeg\'s own reason quotes the URL: hidden in the reason the log gives too', async () => {
    const port = await closedPort();
    const { label, seen } = await followSession(`tcp://127.0.0.1:${port}/live?token=TCPSECRETTOKEN`);
    assert.equal(label, `tcp://127.0.0.1:${port}/live?token=***`);
    assert.doesNotMatch(seen, /TCPSECRETTOKEN/);
    assert.match(log.text(), new RegExp(`Connection to tcp://127\\.0\\.0\\.1:${port}/live\\?token=\\*\\*\\* failed: Connection refused`), 'the log gives ffmpeg\'s reason');
    assert.doesNotMatch(log.text(), /TCPSECRETTOKEN/);
  });

  it('an RTMP stream\'s name, its key on many servers: hidden in the label, the messages and ffmpeg\'s reason', async () => {
    const port = await closedPort();
    const { label, seen } = await followSession(`rtmp://127.0.0.1:${port}/live/RTMPSTREAMKEY42`);
    assert.equal(label, `rtmp://127.0.0.1:${port}/live/***`);
    assert.doesNotMatch(seen, /RTMPSTREAMKEY42/);
    assert.match(log.text(), new RegExp(`rtmp://127\\.0\\.0\\.1:${port}/live/\\*\\*\\*`), 'the log names the stream');
    assert.doesNotMatch(log.text(), /RTMPSTREAMKEY42/);
  });
});
