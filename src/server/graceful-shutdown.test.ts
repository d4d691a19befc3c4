import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';

import { WebSocket } from 'ws';

import { ManagedProcess } from '../testing/managed-process.js';
import { isProcessRunning } from '../testing/process-state.js';
import { ffmpegChildren, hasProc } from '../testing/processes.js';
import { scratchFolder } from '../testing/scratch.js';
import { repoRoot, sharedData } from '../testing/shared-data.js';
import { waitFor } from '../testing/wait-for.js';
import { OPEN_HAND_VIDEO } from './testing/test-server.js';
import type { ServerMessage } from './ws/protocol.js';

/** How long the server may take to stop its sessions, their ffmpeg processes and its sockets, and exit. */
const SHUTDOWN_LIMIT_MS = 5000;

/** Whether something still listens on `port` of 127.0.0.1. */
function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setTimeout(1000, () => socket.destroy());
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('close', () => resolve(false));
  });
}

/** A WebSocket subscriber that keeps the messages it gets and how the connection closed. */
class Subscriber {
  readonly messages: ServerMessage[] = [];
  closed: { code: number; reason: string } | undefined;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data, isBinary) => {
      if (!isBinary) this.messages.push(JSON.parse(String(data)) as ServerMessage);
    });
    socket.once('close', (code, reason) => (this.closed = { code, reason: reason.toString('utf8') }));
  }

  static async subscribe(origin: string, sessionId: string): Promise<Subscriber> {
    const socket = new WebSocket(`${origin.replace(/^http/, 'ws')}/ws`);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    socket.send(JSON.stringify({ type: 'subscribe', sessionId }));
    return new Subscriber(socket);
  }

  count(channel: ServerMessage['channel']): number {
    return this.messages.filter((message) => message.channel === channel).length;
  }
}

describe('handflow serve shuts down gracefully', { skip: !hasProc && 'finding ffmpeg children needs Linux /proc' }, () => {
  const scratch = scratchFolder('handflow-shutdown-');
  const videoFolder = dirname(sharedData(OPEN_HAND_VIDEO));
  const started: ManagedProcess[] = [];
  const sockets: WebSocket[] = [];
  // Whatever a failed assertion left behind: stop() sends SIGTERM, then SIGKILL after 3 s.
  after(async () => {
    for (const socket of sockets) socket.terminate();
    for (const server of started) await server.stop();
  });

  /** The real CLI on a port it picks (0), answering health; returns it and its origin. */
  async function startServe(): Promise<{ server: ManagedProcess; origin: string }> {
    const server = ManagedProcess.start(
      process.execPath,
      [join(repoRoot, 'bin', 'handflow.js'), 'serve', '--port', '0', '--files', videoFolder, '--gestures', join(scratch.path, 'handflow.gestures.json'), '--log-level', 'warn'],
      // The server's own folder (uploads, token) in the scratch folder, not the user's ~/.config.
      { env: { ...process.env, HANDFLOW_HOME: scratch.path } },
    );
    started.push(server);
    const [, url] = await server.waitForOutput(/dashboard at (http:\/\/\S+)/, 'the dashboard address', 30_000);
    const origin = new URL(url!).origin;
    await waitFor('GET /api/health to answer ok', async () => {
      const response = await fetch(`${origin}/api/health`).catch(() => undefined);
      return response?.ok ? true : server.failIfExited('answering health');
    }, 10_000);
    return { server, origin };
  }

  async function startRealtimeFileSession(origin: string): Promise<string> {
    const response = await fetch(`${origin}/api/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      // Realtime pacing keeps the session (and its ffmpeg) running when the signal comes.
      body: JSON.stringify({ source: { type: 'file', path: sharedData(OPEN_HAND_VIDEO), realtime: true } }),
    });
    assert.equal(response.status, 201, await response.clone().text());
    return ((await response.json()) as { id: string }).id;
  }

  // The last: a closed terminal, whose hang-up leaves the server no stdout to say it is stopping on.
  for (const [signal, terminalGone] of [['SIGINT', false], ['SIGTERM', false], ['SIGHUP', false], ['SIGHUP', true]] as const) {
    it(`on ${signal}${terminalGone ? ' with its terminal gone' : ''}: ends the session, its ffmpeg, the WebSocket and the listener, and exits 0`, async () => {
      const { server, origin } = await startServe();
      const port = Number(new URL(origin).port);
      const sessionId = await startRealtimeFileSession(origin);

      const subscriber = await Subscriber.subscribe(origin, sessionId);
      sockets.push(subscriber.socket);
      await waitFor('frames over the WebSocket', () => (subscriber.count('frame') >= 3 ? true : undefined), 20_000);
      // Looked up once frames flow: before that, short-lived ffmpeg runs (probing the binary) come and go.
      const decoders = ffmpegChildren(server.pid);
      assert.notDeepEqual(decoders, [], 'the file session decodes with an ffmpeg child of the server');
      assert.ok(server.isRunning && decoders.every(isProcessRunning), 'the session must still be running when the signal comes');

      if (terminalGone) server.child.stdout?.destroy();
      const signalledAt = performance.now();
      server.child.kill(signal);
      const exit = await waitFor(`the server to exit after ${signal}`, () => (server.isRunning ? undefined : { code: server.child.exitCode, signal: server.child.signalCode }), SHUTDOWN_LIMIT_MS);
      const exitMs = Math.round(performance.now() - signalledAt);
      // The close frame may be read just after the process is gone; give it a moment.
      const closed = await waitFor('the WebSocket to close', () => subscriber.closed, 2000);
      const ended = subscriber.messages.find((message) => message.channel === 'session' && message.state === 'ended');
      console.log(`${signal}: exit ${JSON.stringify(exit)} after ${exitMs} ms; WebSocket closed with ${closed.code} "${closed.reason}"; session message ${JSON.stringify(ended)}`);

      assert.deepEqual(exit, { code: 0, signal: null });
      if (!terminalGone) assert.match(server.stdout, /stopping sessions and connections/);
      // 1006 would mean the connection just dropped: the server must close it with a close frame.
      assert.notEqual(closed.code, 1006, 'the server closes the WebSocket rather than dropping it');
      assert.deepEqual(ended, { channel: 'session', sessionId, state: 'ended', reason: 'stopped' });
      // The server is gone, so its orphans would be re-parented: look at the ffmpeg pids seen before instead.
      // A killed ffmpeg may still be exiting a moment after the server has gone, so its end is waited for.
      await waitFor('every ffmpeg child to end with the server', () => (decoders.some(isProcessRunning) ? undefined : true), 2000);
      assert.equal(await acceptsConnections(port), false, `port ${port} still accepts connections`);
    });
  }
});
