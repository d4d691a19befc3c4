import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { ManagedProcess } from '../testing/managed-process.js';
import { scratchFolder } from '../testing/scratch.js';
import { repoRoot, sharedData } from '../testing/shared-data.js';
import { OPEN_HAND_VIDEO } from './testing/test-server.js';

/** `handflow serve` with HANDFLOW_HOME `home`, expected to refuse to start: how it ended. */
function serve(home: string, args: readonly string[]): { status: number | null; stderr: string } {
  const scratch = scratchFolder('handflow-startup-cwd-');
  const result = spawnSync(process.execPath, [join(repoRoot, 'bin', 'handflow.js'), 'serve', '--port', '0', ...args], {
    cwd: scratch.path,
    env: { PATH: process.env['PATH'] ?? '', HANDFLOW_HOME: home },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: result.status, stderr: result.stderr };
}

function assertOneLine(stderr: string): void {
  assert.equal(stderr.trim().split('\n').length, 1, stderr);
  assert.doesNotMatch(stderr, /unexpected error|\n\s+at /, 'no stack trace');
}

describe('handflow serve refuses to start with one line saying what to change', () => {
  const scratch = scratchFolder('handflow-startup-');

  it('a --host that is neither an address nor a name it can look up', () => {
    const { status, stderr } = serve(join(scratch.path, 'home'), ['--host', 'localhsot.invalid']);
    assert.equal(status, 1, stderr);
    assertOneLine(stderr);
    assert.match(stderr, /localhsot\.invalid is neither an IP address nor a name this machine can look up: pick one of its addresses with --host/);
  });

  it('a HANDFLOW_HOME that is a file: the uploads folder, and the access token of a bind that needs one, cannot be made', () => {
    const notAFolder = scratch.file('not-a-folder', 'a file\n');
    const local = serve(notAFolder, []);
    assert.equal(local.status, 1, local.stderr);
    assertOneLine(local.stderr);
    assert.match(local.stderr, new RegExp(`cannot write ${notAFolder}/uploads: part of the path is a file, not a folder\\. Make it this user's \\(chown\\), or set HANDFLOW_HOME`));
    const reachable = serve(notAFolder, ['--host', '127.0.0.2']);
    assert.equal(reachable.status, 1, reachable.stderr);
    assertOneLine(reachable.stderr);
    assert.match(reachable.stderr, new RegExp(`cannot write ${notAFolder}/access-token: a file is where a folder should be\\. Make it this user's`));
  });

  it('--files that is no folder, names and origins no request can carry, a gestures file named that cannot be used', () => {
    const home = join(scratch.path, 'home');
    const photo = sharedData('hagrid-tiles/fist.png');
    const corrupt = scratch.file('corrupt.gestures.json', 'not json');
    const refusals: [string[], number, RegExp][] = [
      [['--files', join(scratch.path, 'nowhere')], 2, /^handflow serve: --files \S+nowhere: there is no such folder/],
      [['--files', photo], 2, /^handflow serve: --files \S+fist\.png is a file: give the folder that sessions may read files from/],
      [['--allow-origin', 'kiosk.lan'], 1, /^handflow serve: --allow-origin "kiosk\.lan" is not a web origin: give it as a browser sends it/],
      [['--allow-origin', 'https://kiosk.lan/'], 1, /--allow-origin "https:\/\/kiosk\.lan\/" is not a web origin/],
      [['--allow-host', ''], 1, /^handflow serve: --allow-host "" is not a host name/],
      [['--allow-host', 'kiosk.lan:8080'], 1, /^handflow serve: --allow-host "kiosk\.lan:8080" is not a host name: give a name or address alone, without a port/],
      [['--gestures', corrupt], 1, /^handflow serve: gestures file \S+corrupt\.gestures\.json is not a valid handflow gestures file \(not JSON\)/],
    ];
    for (const [args, code, message] of refusals) {
      const { status, stderr } = serve(home, args);
      assert.equal(status, code, `${args.join(' ')}: ${stderr}`);
      assert.match(stderr, message);
      assert.doesNotMatch(stderr, /unexpected error|\n\s+at /, 'no stack trace');
    }
  });
});

describe('handflow serve started in a folder it may not write (as systemd starts it, in /)', () => {
  let server: ManagedProcess;
  let origin: string;
  before(async () => {
    // /sys refuses new files even to root, as CI runs: a stand-in for any folder the server's user may not write.
    server = ManagedProcess.start(process.execPath, [join(repoRoot, 'bin', 'handflow.js'), 'serve', '--port', '0', '--files', dirname(sharedData(OPEN_HAND_VIDEO))], {
      cwd: '/sys',
      env: { PATH: process.env['PATH'] ?? '', HANDFLOW_HOME: scratchFolder('handflow-startup-home-').path },
    });
    const [, url] = await server.waitForOutput(/dashboard at (http:\/\/\S+)/, 'the dashboard address', 30_000);
    origin = new URL(url!).origin;
  });
  after(() => server?.stop());

  it('answers a new project with CANNOT_WRITE naming the config file and what to do, not a server failure', async () => {
    const response = await fetch(`${origin}/api/projects`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'mine', classifiers: ['finger_count'] }),
    });
    assert.equal(response.status, 507);
    const body = (await response.json()) as { code: string; message: string };
    assert.equal(body.code, 'CANNOT_WRITE');
    assert.match(body.message, /^cannot write \/sys\/handflow\.config\.json: permission denied\. Start handflow in a folder it may write, or name a config file it may write with --config$/);
  });

  it('answers recorded samples it cannot save with CANNOT_WRITE, naming the gestures file as the API does, not by its path', { timeout: 60_000 }, async () => {
    const post = async (path: string, body: object): Promise<Response> =>
      fetch(`${origin}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const started = await post('/api/sessions', { source: { type: 'file', path: sharedData(OPEN_HAND_VIDEO), realtime: true } });
    assert.equal(started.status, 201, await started.clone().text());
    const { id } = (await started.json()) as { id: string };
    const recorded = await post('/api/gestures/palm/samples', { sessionId: id, frames: 3 });
    assert.equal(recorded.status, 507, await recorded.clone().text());
    const body = (await recorded.json()) as { code: string; message: string };
    assert.equal(body.code, 'CANNOT_WRITE');
    assert.match(body.message, /^cannot write the gestures file: permission denied\. Name a gestures file handflow may write/);
    await post(`/api/sessions/${id}/stop`, {});
  });
});
