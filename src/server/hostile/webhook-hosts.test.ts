import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { loadConfig } from '../../orchestrator/config.js';
import { ProjectCatalogue } from '../../projects/project-catalogue.js';
import { HttpTestServer } from '../../testing/http-test-server.js';
import { scratchFolder } from '../../testing/scratch.js';
import { repoRoot, sharedData } from '../../testing/shared-data.js';
import { waitFor } from '../../testing/wait-for.js';
import { startServer, type RunningServer } from '../start-server.js';
import { testServerOptions } from '../testing/test-server.js';

const SWIPES = sharedData('dynamic-gestures/swipe_left_right.gif');
const PROJECT = 'swipe-hook';

describe('--webhook-host against a hostile client: webhooks reach the hosts listed and no other', () => {
  const scratch = scratchFolder('handflow-webhook-hosts-');
  // Linux answers on all of 127.0.0.0/8: 127.0.0.2 stands for a host the server may not reach.
  let elsewhere: HttpTestServer;
  let redirecting: HttpTestServer;
  const servers: { server: RunningServer; removeScratch(): void }[] = [];

  before(async () => {
    elsewhere = await HttpTestServer.start(() => 204, '127.0.0.2');
    redirecting = await HttpTestServer.start(() => ({ status: 307, headers: { location: elsewhere.url } }));
  });
  after(async () => {
    for (const { server, removeScratch } of servers) {
      await server.app.close();
      removeScratch();
    }
    await elsewhere.stop();
    await redirecting.stop();
  });

  /**
   * A server on 127.0.0.1 whose webhooks may reach `webhookHosts` (none: any host), with a project POSTing swipes to
   * `url`: saved over the API, as a token holder would, or (`inConfigFile`) in its config file, as one written by
   * hand or for another server.
   */
  async function serve(webhookHosts: string[], url: string, { inConfigFile = false } = {}): Promise<string> {
    const options = await testServerOptions({ fileFolders: [dirname(SWIPES)] });
    const project = { description: 'POSTs swipes', classifiers: ['swipe'], actions: [{ type: 'webhook', on: ['swipe_left', 'swipe_right'], url }] };
    const file = join(options.scratch, 'handflow.config.json');
    writeFileSync(file, JSON.stringify({ output: { webhookHosts }, ...(inConfigFile ? { projects: { [PROJECT]: project } } : {}) }));
    const config = await loadConfig({ file, env: {} });
    const server = await startServer({ ...options, config, projects: new ProjectCatalogue(config, file), host: '127.0.0.1', port: 0, configFolder: options.scratch });
    servers.push({ server, removeScratch: options.removeScratch });
    const base = new URL(server.url).origin;
    if (!inConfigFile) assert.equal((await post(base, '/api/projects', { name: PROJECT, ...project })).status, 201);
    return base;
  }

  async function post(base: string, path: string, body: object): Promise<{ status: number; json: Record<string, unknown> }> {
    const response = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  }

  /** Arms the actions and plays the swipes through the project; resolves when the session has ended. */
  async function playSwipes(base: string): Promise<void> {
    assert.deepEqual((await post(base, '/api/actions/arm', {})).json, { armed: true });
    const started = await post(base, '/api/sessions', { source: { type: 'file', path: SWIPES, realtime: false }, project: PROJECT });
    assert.equal(started.status, 201, JSON.stringify(started.json));
    await waitFor('the session to end', async () => {
      const info = (await (await fetch(`${base}/api/sessions/${String(started.json.id)}`)).json()) as { state: string };
      return info.state === 'ended' ? info : undefined;
    }, 60_000);
  }

  it('refuses to save a project over the API whose webhook goes to a host not listed', async () => {
    const base = await serve(['127.0.0.1', '*.hooks.lan'], elsewhere.url.replace('127.0.0.2', '127.0.0.1'));
    const project = (url: string): object => ({ classifiers: ['swipe'], actions: [{ type: 'webhook', on: ['swipe_left'], url }] });
    const created = await post(base, '/api/projects', { name: 'elsewhere-hook', ...project(elsewhere.url) });
    assert.equal(created.status, 403, JSON.stringify(created.json));
    assert.equal(created.json.code, 'WEBHOOK_HOST_NOT_ALLOWED');
    assert.match(String(created.json.message), /^project elsewhere-hook, action webhook: http:\/\/127\.0\.0\.2:\d+\/hook: this server sends webhooks only to 127\.0\.0\.1, \*\.hooks\.lan \(--webhook-host\); ask whoever runs it to add 127\.0\.0\.2$/);
    assert.equal((await fetch(`${base}/api/projects/elsewhere-hook`)).status, 404, 'not saved');

    const updated = await fetch(`${base}/api/projects/${PROJECT}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(project(elsewhere.url)) });
    assert.equal(updated.status, 403);
    const kept = (await (await fetch(`${base}/api/projects/${PROJECT}`)).json()) as { definition: { actions: { url: string }[] } };
    assert.match(kept.definition.actions[0]!.url, /^http:\/\/127\.0\.0\.1:/, 'the saved project is unchanged');
  });

  it('refuses to start a session whose project (from the config file) has a webhook to a host not listed, before anything is sent', async () => {
    const base = await serve(['127.0.0.1', '*.hooks.lan'], elsewhere.url, { inConfigFile: true });
    const before = elsewhere.requests.length;
    assert.deepEqual((await post(base, '/api/actions/arm', {})).json, { armed: true });
    const refused = await post(base, '/api/sessions', { source: { type: 'file', path: SWIPES, realtime: false }, project: PROJECT });
    assert.equal(refused.status, 403, JSON.stringify(refused.json));
    assert.equal(refused.json.code, 'WEBHOOK_HOST_NOT_ALLOWED');
    assert.match(String(refused.json.message), /sends webhooks only to 127\.0\.0\.1, \*\.hooks\.lan \(--webhook-host\); ask whoever runs it to add 127\.0\.0\.2/);
    assert.equal(((await (await fetch(`${base}/api/sessions`)).json()) as { sessions: unknown[] }).sessions.length, 0, 'no session was made');
    assert.equal(elsewhere.requests.length, before);
  });

  it('follows no redirect to another host, listed hosts or not: the event and its headers go nowhere else', async () => {
    for (const hosts of [[], ['127.0.0.1']]) {
      const redirected = redirecting.requests.length;
      const base = await serve(hosts, redirecting.url);
      await playSwipes(base);
      await waitFor('the webhook to reach its own host', () => (redirecting.requests.length > redirected ? true : undefined), 10_000);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(elsewhere.requests.length, 0, 'the redirect was not followed');
  });

  it('handflow serve and handflow worker refuse a --webhook-host that is not a host, in one line', () => {
    for (const command of [['serve', '--port', '0'], ['worker', '--nats', 'nats://127.0.0.1:1']]) {
      const result = spawnSync(process.execPath, [join(repoRoot, 'bin', 'handflow.js'), ...command, '--webhook-host', 'http://hooks.lan/'], {
        env: { ...process.env, HANDFLOW_HOME: scratch.path },
        cwd: scratch.path,
        encoding: 'utf8',
        timeout: 30_000,
      });
      assert.equal(result.status, 1, result.stderr);
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
      assert.match(result.stderr, /output\.webhookHosts\.0 "http:\/\/hooks\.lan\/" is not a host name, "\*\.domain", address or address\/prefix .*\(from --webhook-host\)$/m);
    }
  });
});
