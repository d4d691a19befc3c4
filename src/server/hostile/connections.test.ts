import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';

import { CONNECTIONS_BEYOND_WEBSOCKETS, HEADERS_TIMEOUT_MS } from '../create-server.js';
import { listeningTestServer as serve } from '../testing/test-server.js';

/** A socket to the server, with when it was closed by the other end (if it was) and what came back. */
interface Probe {
  readonly socket: Socket;
  closedAfterMs: number | undefined;
  received: string;
}

function open(port: number): Promise<Probe> {
  return new Promise((resolve, reject) => {
    const opened = performance.now();
    const socket = connect(port, '127.0.0.1');
    const probe: Probe = { socket, closedAfterMs: undefined, received: '' };
    socket.setEncoding('latin1');
    socket.on('data', (text: string) => (probe.received += text));
    socket.on('error', () => {}); // a dropped connection may reset: its close is what is counted
    socket.on('close', () => (probe.closedAfterMs = performance.now() - opened));
    socket.once('connect', () => resolve(probe));
    socket.once('error', reject);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('connections that hold the server without asking it anything', () => {
  const WEBSOCKETS = 2;
  const cap = WEBSOCKETS + CONNECTIONS_BEYOND_WEBSOCKETS;
  let server: Awaited<ReturnType<typeof serve>>;

  before(async () => {
    server = await serve({ maxConnections: WEBSOCKETS });
  });
  after(async () => server.close());

  it(`are cut ${HEADERS_TIMEOUT_MS / 1000} s after connecting when the request head has not come whole, however slowly it trickles in`, async () => {
    const idle = await open(server.port);
    const trickling = await open(server.port);
    trickling.socket.write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    for (let i = 0; i < 6 && trickling.closedAfterMs === undefined; i++) {
      await sleep(2000);
      trickling.socket.write(`X-Slow-${i}: 1\r\n`);
    }
    await sleep(1500);
    for (const [name, probe] of [['idle', idle], ['trickling', trickling]] as const) {
      assert.ok(probe.closedAfterMs !== undefined, `the ${name} connection is still open after ${HEADERS_TIMEOUT_MS / 1000 + 3} s`);
      assert.ok(probe.closedAfterMs >= HEADERS_TIMEOUT_MS - 100 && probe.closedAfterMs < HEADERS_TIMEOUT_MS + 2000, `the ${name} connection was cut after ${probe.closedAfterMs.toFixed(0)} ms`);
    }
    assert.match(trickling.received, /^HTTP\/1\.1 408 /);
  });

  it(`are at most ${cap} at once (WebSocket clients and ${CONNECTIONS_BEYOND_WEBSOCKETS} more): later ones are dropped, and taken again once those go`, async () => {
    const probes: Probe[] = [];
    try {
      for (let i = 0; i < cap + 10; i++) probes.push(await open(server.port));
      await sleep(500);
      const dropped = probes.filter((probe) => probe.closedAfterMs !== undefined);
      assert.equal(dropped.length, 10, `${dropped.length} of ${cap + 10} dropped`);
      await assert.rejects(fetch(`${server.base}/api/health`, { signal: AbortSignal.timeout(2000) }), 'a request past the cap finds no room');
    } finally {
      for (const probe of probes) probe.socket.destroy();
    }
    await sleep(200);
    assert.equal((await fetch(`${server.base}/api/health`)).status, 200);
  });
});
