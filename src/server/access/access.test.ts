import assert from 'node:assert/strict';
import { chmod, stat } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';

import { scratchFolder } from '../../testing/scratch.js';
import { startServer, type RunningServer } from '../start-server.js';
import { testServerOptions } from '../testing/test-server.js';
import { tryWebSocket } from '../testing/try-websocket.js';
import { loadOrCreateAccessToken } from './access-token.js';
import { bindNeedsToken } from './bind-policy.js';

describe('which binds need a token', () => {
  it('none for this machine\'s usual loopback names', () => {
    for (const host of ['127.0.0.1', 'localhost', '::1', '[::1]']) assert.equal(bindNeedsToken(host), false, host);
  });
  it('one for anything else, other loopback addresses included', () => {
    for (const host of ['127.0.0.2', '0.0.0.0', '::', '192.168.1.10']) assert.equal(bindNeedsToken(host), true, host);
  });
});

describe('the access token file', () => {
  const scratch = scratchFolder('handflow-token-');
  it('is made once, readable by its owner only, and read back after', async () => {
    const first = await loadOrCreateAccessToken(`${scratch.path}/config`);
    assert.equal(first.created, true);
    assert.ok(first.token.length >= 40);
    assert.equal((await stat(first.path)).mode & 0o777, 0o600);
    const second = await loadOrCreateAccessToken(`${scratch.path}/config`);
    assert.deepEqual({ ...second, created: true }, first);
  });
  it('is made private again when someone loosened it', async () => {
    const { path } = await loadOrCreateAccessToken(`${scratch.path}/config`);
    await chmod(path, 0o644);
    await loadOrCreateAccessToken(`${scratch.path}/config`);
    assert.equal((await stat(path)).mode & 0o777, 0o600);
  });
});

describe('a server on another loopback address (127.0.0.2), which needs the token', () => {
  let server: RunningServer;
  let base: string;
  let token: string;
  let removeScratch = (): void => {};
  before(async () => {
    const options = await testServerOptions();
    removeScratch = options.removeScratch;
    server = await startServer({ ...options, host: '127.0.0.2', port: 0, configFolder: options.scratch });
    base = new URL(server.url).origin;
    token = server.token!.token;
  });
  after(async () => {
    await server.app.close();
    removeScratch();
  });

  it('made a token and gives the dashboard address with it', () => {
    assert.equal(server.token?.created, true);
    assert.equal(server.url, `${base}/?token=${token}`);
  });

  it('refuses API and metrics requests without the token, or with a wrong one', async () => {
    for (const path of ['/api/health', '/api/sessions', '/metrics']) {
      const missing = await fetch(`${base}${path}`);
      assert.equal(missing.status, 401, path);
      const body = (await missing.json()) as { code: string; message: string };
      assert.equal(body.code, 'UNAUTHORIZED');
      assert.match(body.message, /Authorization: Bearer/);
      assert.equal((await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}x` } })).status, 401, path);
      assert.equal((await fetch(`${base}${path}?token=wrong`)).status, 401, path);
    }
  });

  it('answers with the token, as a header or in the address', async () => {
    assert.equal((await fetch(`${base}/api/health`, { headers: { authorization: `Bearer ${token}` } })).status, 200);
    assert.equal((await fetch(`${base}/api/health?token=${token}`)).status, 200);
  });

  it('serves the dashboard page itself without the token (it holds no data; the page then uses the token)', async () => {
    assert.equal((await fetch(`${base}/`)).status, 200);
  });

  it('refuses a WebSocket without the token, or with a wrong one, and opens one with it', async () => {
    const ws = base.replace('http', 'ws');
    assert.equal(await tryWebSocket(`${ws}/ws`), 401);
    assert.equal(await tryWebSocket(`${ws}/ws?token=wrong`), 401);
    assert.equal(await tryWebSocket(`${ws}/ws?token=${token}`), 'open');
  });

  it('refuses a WebSocket from another web origin even with the token', async () => {
    const ws = base.replace('http', 'ws');
    assert.equal(await tryWebSocket(`${ws}/ws?token=${token}`, { origin: 'https://evil.example' }), 403);
    assert.equal(await tryWebSocket(`${ws}/ws?token=${token}`, { origin: base }), 'open');
  });
});
