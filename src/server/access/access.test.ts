import assert from 'node:assert/strict';
import { chmod, mkdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
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
  it('is refused when it is a link, or in a folder or file anyone may write to, and nothing is written through it', async () => {
    const refused = (path: string, why: string) => ({ code: 'INVALID_OPTION', message: `the access token's ${path} is not trusted: ${why}. Keep it in a folder of your own (HANDFLOW_HOME), as handflow makes it: mode 700, the token file 600` });
    // A link to a file whose contents someone can guess (the token would be theirs), or a short one (written over).
    const linked = `${scratch.path}/linked`;
    await mkdir(linked, { mode: 0o700 });
    const target = scratch.file('machine-id', 'abcdefabcdefabcdefabcdefabcdef0123456789\n');
    await symlink(target, `${linked}/access-token`);
    await assert.rejects(loadOrCreateAccessToken(linked), refused(`${linked}/access-token`, 'it is a link'));
    const short = scratch.file('short', 'x\n');
    await rm(`${linked}/access-token`);
    await symlink(short, `${linked}/access-token`);
    await assert.rejects(loadOrCreateAccessToken(linked), refused(`${linked}/access-token`, 'it is a link'));
    assert.equal(await readFile(short, 'utf8'), 'x\n', 'nothing written through the link');

    const open = `${scratch.path}/open`;
    await mkdir(open);
    await chmod(open, 0o777);
    await assert.rejects(loadOrCreateAccessToken(open), refused(open, 'any user may write to it'));
    const { path } = await loadOrCreateAccessToken(`${scratch.path}/writable`);
    await chmod(path, 0o666);
    await assert.rejects(loadOrCreateAccessToken(`${scratch.path}/writable`), refused(path, 'any user may write to it'));
  });
  it('replaces a token too short to be one handflow made with a new file', async () => {
    const folder = `${scratch.path}/shortened`;
    await mkdir(folder, { mode: 0o700 });
    await writeFile(`${folder}/access-token`, 'x\n', { mode: 0o600 });
    const made = await loadOrCreateAccessToken(folder);
    assert.equal(made.created, true);
    assert.equal((await readFile(made.path, 'utf8')).trim(), made.token);
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
    assert.equal((await fetch(`${base}/api/health`, { headers: { authorization: `bearer ${token}` } })).status, 200, 'the scheme in any case');
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
