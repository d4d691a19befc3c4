import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { scratchFolder } from '../testing/scratch.js';

const scratch = scratchFolder('handflow-stop-signals-');
const helper = new URL('./stop-signals.js', import.meta.url).href;

/**
 * A command whose clean stop never finishes (a session stuck closing), stopped with two Ctrl-Cs: its exit code,
 * what it printed, whether its release ran and how long the second Ctrl-C took to end it.
 */
async function interruptTwice(release: 'none' | 'quick' | 'hanging'): Promise<{ code: number | null; stdout: string; released: boolean; quitMs: number }> {
  const marker = join(scratch.path, `released-${release}-${process.pid}`);
  const releases = { none: 'undefined', quick: `async () => writeFileSync(${JSON.stringify(marker)}, 'let go')`, hanging: `() => (writeFileSync(${JSON.stringify(marker)}, 'began'), new Promise(() => {}))` };
  const script = `
    import { writeFileSync } from 'node:fs';
    import { untilStopped } from ${JSON.stringify(helper)};
    void untilStopped('stopping', () => new Promise(() => {}), ${releases[release]});
    setInterval(() => {}, 1000);
    console.log('ready');`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const printed = (text: string): Promise<void> =>
    new Promise((resolve) => {
      const check = (): void => {
        if (!stdout.includes(text)) return;
        child.stdout.off('data', check);
        resolve();
      };
      child.stdout.on('data', check);
      check();
    });
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  await printed('ready');
  child.kill('SIGINT');
  await printed('stopping');
  const second = performance.now();
  child.kill('SIGINT');
  const [code] = await exited;
  return { code, stdout, released: existsSync(marker), quitMs: performance.now() - second };
}

describe('stop signals', () => {
  it('a second Ctrl-C while a stop hangs quits at once with 130, after letting go of what the actions hold', async () => {
    const quick = await interruptTwice('quick');
    assert.equal(quick.code, 130, quick.stdout);
    assert.ok(quick.released, 'the release ran before the exit');
    const none = await interruptTwice('none');
    assert.equal(none.code, 130, none.stdout);
  });

  it('a release that hangs holds the quit a second at most', async () => {
    const hanging = await interruptTwice('hanging');
    assert.equal(hanging.code, 130, hanging.stdout);
    assert.ok(hanging.released, 'the release began');
    assert.ok(hanging.quitMs >= 900 && hanging.quitMs < 5000, `quit ${hanging.quitMs.toFixed(0)} ms after the second Ctrl-C`);
  });
});
