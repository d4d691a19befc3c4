import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { ManagedProcess } from '../testing/managed-process.js';
import { missingTools } from '../testing/required-tools.js';
import { scratchFolder } from '../testing/scratch.js';
import { repoRoot, sharedData } from '../testing/shared-data.js';
import { waitFor } from '../testing/wait-for.js';
import { XSession } from '../testing/x-session.js';

const SWIPES = sharedData('dynamic-gestures/swipe_left_right.gif');

/**
 * The real `handflow serve` with a configuration file, on a private X display: what the dashboard's "Actions on"
 * switch does must follow the configuration's `output` settings, as `handflow run` does.
 */
describe('handflow serve follows the output settings of its configuration', { skip: missingTools('Xvfb', 'xev') }, () => {
  const scratch = scratchFolder('handflow-serve-output-');
  let x: XSession;
  const servers: ManagedProcess[] = [];
  before(async () => {
    x = await XSession.start({ eventWindow: true });
  });
  after(async () => {
    for (const server of servers) await server.stop();
    await x?.stop();
  });

  async function serve(config: object): Promise<{ server: ManagedProcess; origin: string }> {
    const configFile = scratch.file(`config-${servers.length}.json`, JSON.stringify(config));
    const server = ManagedProcess.start(
      process.execPath,
      [join(repoRoot, 'bin', 'handflow.js'), 'serve', '--port', '0', '--config', configFile, '--files', dirname(SWIPES), '--log-level', 'info'],
      { env: { PATH: process.env['PATH'] ?? '', DISPLAY: x.display, HANDFLOW_HOME: scratch.path } },
    );
    servers.push(server);
    const [, url] = await server.waitForOutput(/dashboard at (http:\/\/\S+)/, 'the dashboard address', 30_000);
    return { server, origin: new URL(url!).origin };
  }

  async function post(origin: string, path: string, body: object): Promise<{ status: number; json: Record<string, unknown> }> {
    const response = await fetch(`${origin}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  }

  /** Starts a session on the swipes and waits for its end. */
  async function playSwipes(origin: string, project: string): Promise<void> {
    const started = await post(origin, '/api/sessions', { source: { type: 'file', path: SWIPES, realtime: false }, project });
    assert.equal(started.status, 201, JSON.stringify(started.json));
    await waitFor('the session to end', async () => {
      const info = (await (await fetch(`${origin}/api/sessions/${String(started.json.id)}`)).json()) as { state: string; endReason?: string };
      return info.state === 'ended' ? info : undefined;
    }, 60_000);
  }

  it('with output.dryRun, armed from the dashboard, logs the key presses of presentation-control and presses none', async () => {
    const { server, origin } = await serve({ output: { dryRun: true } });
    assert.deepEqual((await post(origin, '/api/actions/arm', {})).json, { armed: true });
    await playSwipes(origin, 'presentation-control');
    await waitFor('the dry-run entries in the log', () => (/dry run: keyboard/.test(server.stderr) ? true : undefined), 5000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const presses = (await x.takeEvents('anything the session did', () => true)).filter((event) => event.type === 'KeyPress');
    assert.deepEqual(presses, [], 'no key reached the X window');
  });

  it('with output.allowCommands false, refuses a project with a command action; with it true, runs the command', async () => {
    const marker = join(scratch.path, 'command-ran');
    const projects = { 'swipe-command': { description: 'touches a file on a swipe', classifiers: ['swipe'], actions: [{ type: 'command', on: ['swipe_left', 'swipe_right'], argv: ['touch', marker] }] } };
    const refusing = await serve({ projects, output: { allowCommands: false } });
    const refused = await post(refusing.origin, '/api/sessions', { source: { type: 'file', path: SWIPES, realtime: false }, project: 'swipe-command' });
    assert.equal(refused.status, 400, JSON.stringify(refused.json));
    assert.match(String(refused.json.message), /allowCommands/);

    const allowing = await serve({ projects, output: { allowCommands: true } });
    assert.deepEqual((await post(allowing.origin, '/api/actions/arm', {})).json, { armed: true });
    await playSwipes(allowing.origin, 'swipe-command');
    await waitFor('the command to have run', () => (existsSync(marker) ? true : undefined), 10_000);
    assert.equal(readFileSync(marker, 'utf8'), '');
  });
});
