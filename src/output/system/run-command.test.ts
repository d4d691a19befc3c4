import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { isProcessRunning } from '../../testing/process-state.js';
import { waitFor } from '../../testing/wait-for.js';
import { runCommand } from './run-command.js';
import { HandflowError } from '../../core/errors.js';

/** Runs a line of JavaScript in a fresh node process: a program every machine that runs these tests has. */
function nodeScript(script: string, ...args: string[]): { kind: 'argv'; argv: [string, ...string[]] } {
  return { kind: 'argv', argv: [process.execPath, '-e', script, ...args] };
}

describe('runCommand', () => {
  const folder = mkdtempSync(join(tmpdir(), 'handflow-run-command-'));
  after(() => rmSync(folder, { recursive: true, force: true }));

  test('passes argv to the program verbatim: no shell sees quotes, $() or ;', async () => {
    const tricky = ['$(echo injected)', '; rm -rf /', '"quoted" \'single\'', '--flag', ''];
    const result = await runCommand(nodeScript('console.log(JSON.stringify(process.argv.slice(1)))', ...tricky));
    assert.deepEqual(JSON.parse(result.stdout), tricky);
    assert.equal(result.exitCode, 0);
  });

  test('runs a script through the shell only when asked to', async () => {
    const result = await runCommand({ kind: 'shell', script: 'echo $((40 + 2)) && echo oops >&2 && exit 3' });
    assert.deepEqual(
      { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr, timedOut: result.timedOut },
      { exitCode: 3, stdout: '42\n', stderr: 'oops\n', timedOut: false },
    );
  });

  test('a timeout kills the command and what it started, and says so', async () => {
    const pidFile = join(folder, 'sleeper.pid');
    const started = Date.now();
    const result = await runCommand(
      { kind: 'shell', script: `sleep 30 & echo $! > ${pidFile}; wait` },
      { timeoutMs: 300 },
    );
    assert.equal(result.timedOut, true);
    assert.equal(result.signal, 'SIGKILL');
    assert.ok(Date.now() - started < 5000, 'the command was stopped long before its 30 s sleep ended');
    // SIGKILL is delivered at once but a process ends on its own time: on a busy machine the sleep can
    // still be exiting when its shell has closed, so its end is waited for (without the group kill it runs 30 s).
    const sleeper = Number(readFileSync(pidFile, 'utf8'));
    await waitFor('the background sleep to be killed with its shell', () => (isProcessRunning(sleeper) ? undefined : true), 2000);
  });

  test('keeps at most maxOutputBytes of output and still lets the command finish', async () => {
    const result = await runCommand(
      nodeScript("process.stdout.write('x'.repeat(200000)); process.stderr.write('e'.repeat(10))"),
      { maxOutputBytes: 1000 },
    );
    assert.equal(result.exitCode, 0);
    assert.equal(result.stdout, 'x'.repeat(1000));
    assert.equal(result.stderr, 'e'.repeat(10));
    assert.equal(result.outputTruncated, true);
  });

  test('a program that is not installed rejects with TOOL_NOT_FOUND in one line', async () => {
    await assert.rejects(runCommand({ kind: 'argv', argv: ['handflow-no-such-program'] }), (error: unknown) => {
      assert.ok(error instanceof HandflowError);
      assert.equal(error.code, 'TOOL_NOT_FOUND');
      assert.equal(error.message, 'handflow-no-such-program not found: install it or put it on PATH');
      return true;
    });
  });

  test('a working directory that does not exist is named as such', async () => {
    await assert.rejects(
      runCommand(nodeScript(''), { cwd: join(folder, 'missing') }),
      /working directory .*missing does not exist/,
    );
  });

  test('rejects a timeout that is not a positive number before starting anything', async () => {
    await assert.rejects(runCommand(nodeScript(''), { timeoutMs: 0 }), /timeoutMs must be a number above 0, got 0/);
  });
});
