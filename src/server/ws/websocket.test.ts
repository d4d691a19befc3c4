import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';

import sharp from 'sharp';
import { WebSocket } from 'ws';

import { sharedData } from '../../testing/shared-data.js';
import { waitFor } from '../../testing/wait-for.js';
import { startServer, type RunningServer } from '../start-server.js';
import { OPEN_HAND_VIDEO, testServerOptions } from '../testing/test-server.js';
import type { EventMessage, FrameSummary, PreviewMessage, ServerMessage } from './protocol.js';
import { encodeUploadFrame } from './upload-frame-format.js';

/** A WebSocket client that keeps what it receives: text messages parsed, binary ones as they are. */
class TestClient {
  readonly messages: ServerMessage[] = [];
  readonly binaries: Buffer[] = [];
  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data, isBinary) => {
      if (isBinary) this.binaries.push(data as Buffer);
      else this.messages.push(JSON.parse(String(data)) as ServerMessage);
    });
  }

  static open(url: string): Promise<TestClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      socket.once('open', () => resolve(new TestClient(socket)));
      socket.once('error', reject);
    });
  }

  of<C extends ServerMessage['channel']>(channel: C): Extract<ServerMessage, { channel: C }>[] {
    return this.messages.filter((message): message is Extract<ServerMessage, { channel: C }> => message.channel === channel);
  }

  next<C extends ServerMessage['channel']>(channel: C, count = 1, timeoutMs = 20_000): Promise<Extract<ServerMessage, { channel: C }>[]> {
    return waitFor(`${count} ${channel} message(s)`, () => (this.of(channel).length >= count ? this.of(channel) : undefined), timeoutMs);
  }
}

describe('the WebSocket', () => {
  let server: RunningServer;
  let base: string;
  let removeScratch = (): void => {};
  const clients: TestClient[] = [];
  const connect = async () => {
    const client = await TestClient.open(`${base.replace('http', 'ws')}/ws`);
    clients.push(client);
    return client;
  };
  const startSession = async (source: unknown) => {
    const response = await fetch(`${base}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ source }) });
    assert.equal(response.status, 201);
    return ((await response.json()) as { id: string }).id;
  };

  before(async () => {
    const options = await testServerOptions({ maxSessions: 4 });
    removeScratch = options.removeScratch;
    server = await startServer({ ...options, host: '127.0.0.1', port: 0, configFolder: options.scratch });
    base = new URL(server.url).origin;
  });
  after(async () => {
    for (const client of clients) client.socket.terminate();
    await server.app.close();
    removeScratch();
  });

  it('tells every client whether actions are armed: on connecting, and whenever any client arms or disarms them', async () => {
    const post = async (path: string) => assert.equal((await fetch(`${base}${path}`, { method: 'POST' })).status, 200);
    const watching = await connect();
    assert.deepEqual(await watching.next('actions'), [{ channel: 'actions', armed: false }]);
    await post('/api/actions/arm');
    // Arming again changes nothing, and says nothing.
    await post('/api/actions/arm');
    const late = await connect();
    assert.deepEqual(await late.next('actions'), [{ channel: 'actions', armed: true }]);
    await post('/api/actions/disarm');
    await Promise.all([watching.next('actions', 3), late.next('actions', 2)]);
    assert.deepEqual(watching.of('actions').map((message) => message.armed), [false, true, false]);
    assert.deepEqual(late.of('actions').map((message) => message.armed), [true, false]);
  });

  it('answers messages it cannot read with a problem saying what to send, and stays open', async () => {
    const client = await connect();
    client.socket.send('hello');
    client.socket.send(JSON.stringify({ type: 'subscribe' }));
    client.socket.send(JSON.stringify({ type: 'subscribe', sessionId: 's-nope' }));
    client.socket.send(Buffer.from([1, 2, 3]));
    client.socket.send(encodeUploadFrame('s-nope', 1, Buffer.from([0xff, 0xd8])));
    const problems = await client.next('problem', 5);
    assert.deepEqual(problems.map((problem) => problem.code), ['INVALID_JSON', 'INVALID_REQUEST', 'SESSION_NOT_FOUND', 'INVALID_REQUEST', 'SESSION_NOT_FOUND']);
    assert.match(problems[1]!.message, /"type":"subscribe"/);
    assert.match(problems[3]!.message, /2-byte little-endian header length/);
    assert.equal(client.socket.readyState, WebSocket.OPEN);
  });

  it("takes a browser camera's JPEG frames and sends back frames with the hand and the project's events in the wire format", async () => {
    const sessionId = await startSession({ type: 'browser' });
    const client = await connect();
    client.socket.send(JSON.stringify({ type: 'subscribe', sessionId }));
    assert.deepEqual((await client.next('session'))[0], { channel: 'session', sessionId, state: 'running' });
    const jpeg = await sharp(await readFile(sharedData('hagrid-tiles/palm.png'))).jpeg().toBuffer();
    // Frames go one at a time, as the dashboard's pacing does, each a little later in the stream.
    for (let frame = 0; frame < 8; frame += 1) {
      client.socket.send(encodeUploadFrame(sessionId, frame * 66, jpeg));
      await client.next('frame', frame + 1);
    }
    const frames = client.of('frame') as FrameSummary[];
    const last = frames.at(-1)!;
    assert.deepEqual({ width: last.width, height: last.height, hands: last.hands.length }, { width: 300, height: 300, hands: 1 });
    assert.equal(last.hands[0]!.landmarks.length, 21);
    assert.equal(last.fingerCount, 5);
    const [event] = (await client.next('event')) as EventMessage[];
    assert.equal(event!.sessionId, sessionId);
    assert.deepEqual(Object.keys(event!.event).sort(), ['data', 'project', 'timestamp', 'type']);
    assert.equal(event!.event.project, 'finger-counter');
    assert.ok(Math.abs(event!.event.timestamp - Date.now() / 1000) < 60, 'the timestamp is seconds since the epoch');
    assert.ok(client.of('event').some((message) => message.event.type === 'gesture_started'));
  });

  it('ends a browser session when the client sending its frames goes away', async () => {
    const sessionId = await startSession({ type: 'browser' });
    const client = await connect();
    const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#808080' } }).jpeg().toBuffer();
    client.socket.send(JSON.stringify({ type: 'subscribe', sessionId }));
    client.socket.send(encodeUploadFrame(sessionId, 0, jpeg));
    await client.next('frame');
    client.socket.close();
    const ended = await waitFor('the session to end', async () => {
      const info = (await (await fetch(`${base}/api/sessions/${sessionId}`)).json()) as { state: string; endReason?: string };
      return info.state === 'ended' ? info : undefined;
    });
    assert.equal(ended.endReason, 'stopped');
  });

  it("keeps a browser session its first sender's: another client's frames are refused, cannot freeze it with a late clock, and its leaving does not end it", async () => {
    const sessionId = await startSession({ type: 'browser' });
    const [owner, intruder] = [await connect(), await connect()];
    const jpeg = await sharp(await readFile(sharedData('hagrid-tiles/palm.png'))).jpeg().toBuffer();
    owner.socket.send(JSON.stringify({ type: 'subscribe', sessionId }));
    owner.socket.send(encodeUploadFrame(sessionId, 0, jpeg));
    await owner.next('frame');
    intruder.socket.send(encodeUploadFrame(sessionId, Number.MAX_SAFE_INTEGER, jpeg));
    const [refused] = await intruder.next('problem');
    assert.equal(refused!.code, 'SESSION_IN_USE');
    assert.match(refused!.message, /takes frames from the connection that sent its first frame/);
    owner.socket.send(encodeUploadFrame(sessionId, 66, jpeg));
    await owner.next('frame', 2);
    intruder.socket.close();
    await new Promise((resolve) => setTimeout(resolve, 300));
    owner.socket.send(encodeUploadFrame(sessionId, 132, jpeg));
    await owner.next('frame', 3);
    assert.equal(((await (await fetch(`${base}/api/sessions/${sessionId}`)).json()) as { state: string }).state, 'running');
    // Its own clock going back is told, not silently skipped.
    owner.socket.send(encodeUploadFrame(sessionId, 100, jpeg));
    const [late] = await owner.next('problem');
    assert.equal(late!.code, 'INVALID_REQUEST');
    assert.match(late!.message, /timestampMs 100 is not after the last frame's, 132/);
  });

  it('ends a browser session no client has sent a frame in time after its start, saying why', async () => {
    const options = await testServerOptions();
    const waiting = await startServer({ ...options, host: '127.0.0.1', port: 0, configFolder: options.scratch, firstFrameWaitMs: 1500 });
    try {
      const origin = new URL(waiting.url).origin;
      const started = await fetch(`${origin}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ source: { type: 'browser' } }) });
      const { id } = (await started.json()) as { id: string };
      const ended = await waitFor('the unfed session to end', async () => {
        const info = (await (await fetch(`${origin}/api/sessions/${id}`)).json()) as { state: string; endReason?: string; failure?: string };
        return info.state === 'ended' ? info : undefined;
      }, 15_000);
      assert.equal(ended.endReason, 'stopped');
      assert.match(ended.failure ?? '', /no camera frame came within 1\.5 s of the start/);
    } finally {
      await waiting.app.close();
      options.removeScratch();
    }
  });

  it('sends about one metrics message a second to subscribers', async () => {
    const sessionId = await startSession({ type: 'browser' });
    const client = await connect();
    client.socket.send(JSON.stringify({ type: 'subscribe', sessionId }));
    const [metrics] = await client.next('metrics', 1, 5000);
    assert.equal(metrics!.sessionId, sessionId);
    assert.deepEqual(Object.keys(metrics!.stages).sort(), ['extraction', 'inference', 'ingestion', 'output', 'preprocessing', 'total']);
  });

  it("sends a server-side source's annotated JPEG preview to those who ask, and tells when the session ends", async () => {
    const sessionId = await startSession({ type: 'file', path: sharedData(OPEN_HAND_VIDEO) });
    const client = await connect();
    client.socket.send(JSON.stringify({ type: 'subscribe', sessionId, preview: true }));
    const [preview] = (await client.next('preview')) as PreviewMessage[];
    await waitFor('the preview JPEG', () => (client.binaries.length > 0 ? true : undefined));
    const jpeg = client.binaries[0]!;
    assert.equal(jpeg.length, preview!.bytes);
    assert.deepEqual([...jpeg.subarray(0, 2)], [0xff, 0xd8]);
    const { width, height } = await sharp(jpeg).metadata();
    assert.deepEqual({ width, height }, { width: preview!.width, height: preview!.height });
    assert.ok(preview!.width <= 480);

    await fetch(`${base}/api/sessions/${sessionId}/stop`, { method: 'POST' });
    await waitFor('the session ended', () => client.of('session').find((message) => message.state === 'ended'));
  });

  it('refuses camera frames for a session that reads a file', async () => {
    const sessionId = await startSession({ type: 'file', path: sharedData(OPEN_HAND_VIDEO) });
    const client = await connect();
    client.socket.send(encodeUploadFrame(sessionId, 0, Buffer.from([0xff, 0xd8, 0xff])));
    const [problem] = await client.next('problem');
    assert.equal(problem!.code, 'INVALID_REQUEST');
    assert.match(problem!.message, /"browser"/);
    await fetch(`${base}/api/sessions/${sessionId}/stop`, { method: 'POST' });
  });
});
