import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { scratchFolder } from '../../testing/scratch.js';
import { repoRoot } from '../../testing/shared-data.js';

/** `handflow serve` in `cwd` with HANDFLOW_HOME `home`: how it ended (it is expected to refuse to start). */
function serve(cwd: string, home: string, args: readonly string[] = []): { status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, [join(repoRoot, 'bin', 'handflow.js'), 'serve', '--port', '0', ...args], {
    cwd,
    env: { PATH: process.env['PATH'] ?? '', HANDFLOW_HOME: home },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: result.status, stderr: result.stderr };
}

describe('files another user could have put where handflow serve looks', () => {
  const scratch = scratchFolder('handflow-planted-');

  it('a config file in the working folder that anyone may write to is not read, and the server does not start', () => {
    const shared = join(scratch.path, 'shared');
    mkdirSync(shared);
    // It would allow commands and bind one to a gesture for the default project.
    const planted = scratch.file('shared/handflow.config.json', JSON.stringify({ output: { allowCommands: true } }));
    chmodSync(planted, 0o666);
    const { status, stderr } = serve(shared, join(scratch.path, 'home'));
    assert.equal(status, 1, stderr);
    assert.equal(stderr.trim().split('\n').length, 1, stderr);
    assert.match(stderr, new RegExp(`the config file ${planted} was not read: any user may write to it\\. .*give it with --config if you trust it`));
  });

  it('a gestures file in the working folder that anyone may write to is not read, by serve nor by handflow gestures', () => {
    const shared = join(scratch.path, 'shared-gestures');
    mkdirSync(shared);
    // Its samples would decide which poses count as the custom gestures a project binds keys to.
    const planted = scratch.file('shared-gestures/handflow.gestures.json', JSON.stringify({ format: 'handflow-gestures', version: 1, gestures: [] }));
    chmodSync(planted, 0o666);
    const { status, stderr } = serve(shared, join(scratch.path, 'home'));
    assert.equal(status, 1, stderr);
    assert.match(stderr, new RegExp(`the gestures file ${planted} was not read: any user may write to it\\. Custom gestures decide which poses set off actions, .*give it with --gestures if you trust it`));
    const listed = spawnSync(process.execPath, [join(repoRoot, 'bin', 'handflow.js'), 'gestures', 'list'], { cwd: shared, env: { PATH: process.env['PATH'] ?? '' }, encoding: 'utf8', timeout: 30_000 });
    assert.equal(listed.status, 1, listed.stderr);
    assert.match(listed.stderr, /the gestures file .* was not read: any user may write to it\. .*give it with --file if you trust it/);
  });

  it('an access token file that is a link is not used, nor written through, for a bind that needs a token', () => {
    const home = join(scratch.path, 'home-linked');
    mkdirSync(home, { mode: 0o700 });
    const guessable = scratch.file('guessable', '0123456789abcdef0123456789abcdef\n');
    symlinkSync(guessable, join(home, 'access-token'));
    const { status, stderr } = serve(scratch.path, home, ['--host', '127.0.0.2']);
    assert.equal(status, 1, stderr);
    assert.match(stderr, /the access token's .*access-token is not trusted: it is a link\. Keep it in a folder of your own \(HANDFLOW_HOME\)/);
    assert.equal(readFileSync(guessable, 'utf8'), '0123456789abcdef0123456789abcdef\n');
  });
});
