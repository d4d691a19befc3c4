import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { connect, createServer as createTcpServer, type Server } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { ManagedProcess } from '../../testing/managed-process.js';
import { scratchFolder } from '../../testing/scratch.js';
import { repoRoot } from '../../testing/shared-data.js';
import type { ServerOptions } from '../create-server.js';
import { startServer, type RunningServer } from '../start-server.js';
import { rawRequest } from '../testing/raw-request.js';
import { testServerOptions } from '../testing/test-server.js';
import { tryWebSocket } from '../testing/try-websocket.js';

/** A running server on `host`, its port and token, and a way to stop it. */
async function realServer(host: string, overrides: Partial<ServerOptions> = {}): Promise<{ server: RunningServer; port: number; stop(): Promise<void> }> {
  const options = await testServerOptions(overrides);
  const server = await startServer({ ...options, host, port: 0, configFolder: options.scratch });
  return {
    server,
    port: Number(new URL(server.url).port),
    stop: async () => {
      await server.app.close();
      options.removeScratch();
    },
  };
}

/**
 * A request whose body (1000 bytes declared) comes a byte every 500 ms, until the server closes the connection
 * or `giveUpMs` passes: what the server answered, and when it closed.
 */
async function trickleBody(port: number, address: string, requestLine: string, headers: Record<string, string>, giveUpMs: number): Promise<{ answer: string; closedAfterMs: number }> {
  const socket = connect(port, address);
  const started = Date.now();
  let answer = '';
  socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
  const head = [`${requestLine} HTTP/1.1`, `Host: ${address}:${port}`, ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`), 'Content-Length: 1000'];
  socket.write(`${head.join('\r\n')}\r\n\r\n{`);
  const trickle = setInterval(() => socket.writable && socket.write(' '), 500);
  try {
    await new Promise<void>((resolve, reject) => {
      const giveUp = setTimeout(() => reject(new Error(`the connection was still open after ${giveUpMs} ms (answer: ${JSON.stringify(answer.slice(0, 200))})`)), giveUpMs);
      socket.on('close', () => (clearTimeout(giveUp), resolve()));
      socket.on('error', () => undefined);
    });
  } finally {
    clearInterval(trickle);
    socket.destroy();
  }
  return { answer, closedAfterMs: Date.now() - started };
}

/** `text` with its letters written as percent escapes: all of them, or only the first of each path segment. */
function percentEncoded(path: string, which: 'first' | 'all'): string {
  return path
    .split('/')
    .map((segment) =>
      [...segment].map((char, index) => (/[a-z]/i.test(char) && (which === 'all' || index === 0) ? `%${char.charCodeAt(0).toString(16).toUpperCase()}` : char)).join(''),
    )
    .join('/');
}

/** Every spelling of `path` that the router takes to the same route: encoded letters, a trailing slash, the absolute form. */
function spellings(path: string): string[] {
  return [
    path,
    percentEncoded(path, 'first'),
    percentEncoded(path, 'all'),
    percentEncoded(path, 'all').toLowerCase().replace(/%([0-9A-F]{2})/gi, (escape) => escape.toLowerCase()),
    `${path}?token=`,
    `http://x${path}`,
    `http://x${percentEncoded(path, 'first')}`,
  ];
}

describe('a hostile client against a server that needs its token (127.0.0.2)', () => {
  let target: Awaited<ReturnType<typeof realServer>>;
  before(async () => {
    target = await realServer('127.0.0.2');
  });
  after(() => target.stop());

  it('reaches no route of the OpenAPI document, under any spelling of its path or method, without the token', async () => {
    const document = (await rawRequest({ address: '127.0.0.2', port: target.port, target: '/api/docs/json' })).json as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(document.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path: path.replace(/\{[^}]+\}/g, 'x1') })));
    assert.ok(documented.length >= 20, `the OpenAPI document lists ${documented.length} routes`);
    // The WebSocket's upgrade route is left out of the OpenAPI document.
    const routes = [...documented, { method: 'GET', path: '/ws' }];
    let tried = 0;
    for (const { method, path } of routes) {
      const methods = method === 'GET' ? ['GET', 'HEAD'] : [method];
      for (const verb of methods) {
        for (const spelling of spellings(path)) {
          const response = await rawRequest({
            address: '127.0.0.2',
            port: target.port,
            method: verb,
            target: spelling,
            headers: { host: `127.0.0.2:${target.port}`, 'content-type': 'application/json' },
            ...(verb === 'GET' || verb === 'HEAD' || verb === 'DELETE' ? {} : { body: '{}' }),
          });
          tried += 1;
          // The router may not match a spelling at all (404, nothing reached); when it does, the token is asked for.
          assert.ok(response.status === 401 || response.status === 404, `${verb} ${spelling} answered ${response.status}: ${response.body.slice(0, 200)}`);
          if (spelling === path) assert.equal(response.status, 401, `${verb} ${spelling}`);
          if (verb !== 'HEAD') assert.ok(['UNAUTHORIZED', 'NOT_FOUND'].includes(response.json.code ?? ''), `${verb} ${spelling}: ${response.body.slice(0, 200)}`);
        }
      }
    }
    assert.ok(tried > 100);
  });

  it('refuses the encoded paths found to bypass the token, arming included', async () => {
    const request = (method: string, path: string) =>
      rawRequest({ address: '127.0.0.2', port: target.port, method, target: path, headers: { host: `127.0.0.2:${target.port}`, 'content-type': 'application/json' }, ...(method === 'POST' ? { body: '{}' } : {}) });
    for (const path of ['/%61pi/sessions', '/a%70i/health', '/%6detrics', 'http://x/api/sessions']) {
      const response = await request('GET', path);
      assert.equal(response.status, 401, path);
      assert.equal(response.json.code, 'UNAUTHORIZED');
    }
    assert.equal((await request('POST', '/%61pi/actions/arm')).status, 401);
    const state = await rawRequest({ address: '127.0.0.2', port: target.port, target: '/api/actions', headers: { authorization: `Bearer ${target.server.token!.token}` } });
    assert.equal(state.json.armed, false);
  });

  it('opens no WebSocket under an encoded path without the token', async () => {
    const ws = `ws://127.0.0.2:${target.port}`;
    for (const path of ['/%77s', '/w%73', '/%77%73', '/ws']) assert.equal(await tryWebSocket(`${ws}${path}`), 401, path);
    assert.equal(await tryWebSocket(`${ws}/%77s?token=${target.server.token!.token}`), 'open');
  });

  it('answers a malformed path with {code, message}, not a framework error', async () => {
    const response = await rawRequest({ address: '127.0.0.2', port: target.port, target: '/api/%zz' });
    assert.equal(response.status, 400);
    assert.equal(response.json.code, 'INVALID_REQUEST');
    assert.match(response.json.message ?? '', /not a valid URL/);
  });

  it("answers a path out of the API docs' files (public) with 404, not a server fault", async () => {
    for (const path of ['/api/docs/static/%2e%2e/%2e%2e/package.json', '/api/docs/static/..', '/api/docs/static/a%00b']) {
      const response = await rawRequest({ address: '127.0.0.2', port: target.port, target: path });
      assert.ok(response.status === 404 || response.status === 400, `${path}: ${response.status} ${response.body}`);
      assert.notEqual(response.json.code, 'INTERNAL', path);
    }
  });

  it('answers a body nested deeper than a setting can be with 400, not a server fault', async () => {
    const deep = `{"name":"deep","description":${'['.repeat(30_000)}${']'.repeat(30_000)}}`;
    const response = await rawRequest({
      address: '127.0.0.2',
      port: target.port,
      method: 'POST',
      target: '/api/projects',
      headers: { authorization: `Bearer ${target.server.token!.token}`, 'content-type': 'application/json' },
      body: deep,
    });
    assert.equal(response.status, 400, response.body);
    assert.equal(response.json.code, 'INVALID_REQUEST');
    assert.match(response.json.message ?? '', /description expected string, not a list/);
  });

  it('closes the connection of a request it refuses without reading its body, so no one can hold it open trickling one', async () => {
    const trickled = await trickleBody(target.port, '127.0.0.2', 'POST /api/sessions', { 'content-type': 'application/json' }, 10_000);
    assert.match(trickled.answer, /^HTTP\/1\.1 401 /);
    assert.match(trickled.answer, /\r\nconnection: close\r\n/i);
    // The refused body is dropped for 2 s at most (lingering close), then the connection is cut.
    assert.ok(trickled.closedAfterMs < 5000, `closed after ${trickled.closedAfterMs} ms`);
  });

  it('closes the connection of a body sent where none is taken (a public page, a path no route has) once answered', async () => {
    for (const [requestLine, status] of [['GET /', 200], ['GET /api/docs/json', 200], ['POST /api/nothing-here', 404]] as const) {
      const trickled = await trickleBody(target.port, '127.0.0.2', requestLine, { 'content-type': 'application/json' }, 10_000);
      assert.match(trickled.answer, new RegExp(`^HTTP/1\\.1 ${status} `), requestLine);
      assert.ok(trickled.closedAfterMs < 5000, `${requestLine}: closed after ${trickled.closedAfterMs} ms`);
    }
  });

  it('answers headers too large with {code, message} (431)', async () => {
    const response = await rawRequest({ address: '127.0.0.2', port: target.port, target: '/api/health', headers: { 'x-padding': 'a'.repeat(20_000) } });
    assert.equal(response.status, 431);
    assert.equal(response.json.code, 'HEADERS_TOO_LARGE');
  });
});

describe('a token holder trickling a body', () => {
  let target: Awaited<ReturnType<typeof realServer>>;
  before(async () => {
    target = await realServer('127.0.0.2', { bodyPace: { stallMs: 30_000, graceMs: 1000, minBytesPerSecond: 16 * 1024 } });
  });
  after(() => target.stop());

  it('has the request cut once it comes slower than the pace allowed, with {code, message}', async () => {
    const trickled = await trickleBody(target.port, '127.0.0.2', 'POST /api/uploads?name=clip.mp4', { authorization: `Bearer ${target.server.token!.token}`, 'content-type': 'video/mp4' }, 20_000);
    assert.match(trickled.answer, /^HTTP\/1\.1 408 /);
    assert.match(trickled.answer, /"code":"REQUEST_TIMEOUT"/);
    assert.match(trickled.answer, /slower than 16 KiB\/s/);
    assert.ok(trickled.closedAfterMs < 5000, `closed after ${trickled.closedAfterMs} ms`);
    // The upload's share of the quota is free again, and nothing of it is kept.
    const kept = await rawRequest({ address: '127.0.0.2', port: target.port, target: '/api/uploads', headers: { authorization: `Bearer ${target.server.token!.token}` } });
    assert.deepEqual([kept.json.uploads, kept.json.bytes], [[], 0]);
  });
});

describe('a web page of another site whose name resolves to 127.0.0.1 (DNS rebinding)', () => {
  let target: Awaited<ReturnType<typeof realServer>>;
  before(async () => {
    target = await realServer('127.0.0.1');
  });
  after(() => target.stop());

  /** A request as that page's browser sends it: its own name as Host and as Origin. */
  const fromEvilPage = (method: string, path: string, body?: string) =>
    rawRequest({
      address: '127.0.0.1',
      port: target.port,
      method,
      target: path,
      headers: { host: `evil.example:${target.port}`, origin: `http://evil.example:${target.port}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body }),
    });

  it('cannot arm the actions, start a session or read anything', async () => {
    for (const [method, path, body] of [
      ['POST', '/api/actions/arm', '{}'],
      ['POST', '/api/sessions', '{"source":{"type":"browser"}}'],
      ['GET', '/api/sessions', undefined],
      ['GET', '/metrics', undefined],
    ] as const) {
      const response = await fromEvilPage(method, path, body);
      assert.equal(response.status, 403, `${method} ${path}: ${response.body}`);
      assert.equal(response.json.code, 'HOST_NOT_ALLOWED');
      assert.match(response.json.message ?? '', /--allow-host/);
    }
    const own = { host: `127.0.0.1:${target.port}` };
    assert.equal((await rawRequest({ address: '127.0.0.1', port: target.port, target: '/api/actions', headers: own })).json.armed, false);
    assert.deepEqual((await rawRequest({ address: '127.0.0.1', port: target.port, target: '/api/sessions', headers: own })).json.sessions, []);
  });

  it('cannot open the WebSocket', async () => {
    const headers = { host: `evil.example:${target.port}`, origin: `http://evil.example:${target.port}` };
    assert.equal(await tryWebSocket(`ws://127.0.0.1:${target.port}/ws`, headers), 403);
  });

  it('while the dashboard, opened by any loopback name, still arms the actions', async () => {
    for (const name of ['127.0.0.1', 'localhost', '[::1]']) {
      const origin = `${name}:${target.port}`;
      const response = await rawRequest({ address: '127.0.0.1', port: target.port, method: 'POST', target: '/api/actions/disarm', headers: { host: origin, origin: `http://${origin}`, 'content-type': 'application/json' }, body: '{}' });
      assert.equal(response.status, 200, `${name}: ${response.body}`);
    }
    assert.equal(await tryWebSocket(`ws://127.0.0.1:${target.port}/ws`, { origin: `http://127.0.0.1:${target.port}` }), 'open');
  });

  it('refuses a request without a Host header, saying so', async () => {
    const response = await rawRequest({ address: '127.0.0.1', port: target.port, target: '/api/health', headers: { host: '' } });
    assert.equal(response.status, 403);
    assert.equal(response.json.code, 'HOST_NOT_ALLOWED');
  });
});

describe('handflow serve --require-token on 127.0.0.1 (a machine others log in to)', () => {
  const scratch = scratchFolder('handflow-require-token-');
  let server: ManagedProcess;
  before(() => {
    server = ManagedProcess.start(process.execPath, [join(repoRoot, 'bin', 'handflow.js'), 'serve', '--port', '0', '--require-token', '--log-level', 'error'], { env: { PATH: process.env['PATH'] ?? '', HANDFLOW_HOME: scratch.path } });
  });
  after(() => server.stop());

  it('refuses every other local client without the token, and lets in the user who opens the printed address', async () => {
    const [, url] = await server.waitForOutput(/dashboard at (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/, 'the dashboard address with its token', 30_000);
    const address = new URL(url!);
    const token = address.searchParams.get('token')!;
    for (const path of ['/api/sessions', '/api/actions', '/metrics']) {
      const refused = await fetch(`${address.origin}${path}`);
      assert.equal(refused.status, 401, path);
      assert.equal(((await refused.json()) as { code: string }).code, 'UNAUTHORIZED');
    }
    const armed = await fetch(`${address.origin}/api/actions/arm`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(armed.status, 401);
    const allowed = await fetch(`${address.origin}/api/actions`, { headers: { authorization: `Bearer ${token}` } });
    assert.deepEqual(await allowed.json(), { armed: false });
  });
});

describe('handflow serve on a port that is taken', () => {
  const scratch = scratchFolder('handflow-port-taken-');
  let squatter: Server;
  let port: number;
  before(async () => {
    squatter = createTcpServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    port = (squatter.address() as { port: number }).port;
  });
  after(() => new Promise<void>((resolve) => squatter.close(() => resolve())));

  it('says the port is taken and how to pick another, and exits 1', async () => {
    const started = Date.now();
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = execFile(process.execPath, [join(repoRoot, 'bin', 'handflow.js'), 'serve', '--port', String(port)], { env: { ...process.env, HANDFLOW_HOME: scratch.path }, timeout: 30_000 }, (error, _stdout, stderrText) =>
        resolve({ code: error === null ? 0 : (child.exitCode ?? null), stderr: stderrText }),
      );
    });
    assert.equal(code, 1, stderr);
    assert.match(stderr, new RegExp(`port ${port} on 127\\.0\\.0\\.1 is taken`));
    assert.match(stderr, /--port/);
    assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
    assert.ok(Date.now() - started < 30_000);
  });
});
