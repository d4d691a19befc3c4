import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { HttpTestServer, type RecordedRequest } from '../../testing/http-test-server.js';
import { sharedData } from '../../testing/shared-data.js';
import { waitFor } from '../../testing/wait-for.js';
import { callJson, listeningTestServer, type JsonAnswer } from '../testing/test-server.js';

const SWIPES = sharedData('dynamic-gestures/swipe_left_right.gif');
const PROJECT = 'swipe-hook';
const API_KEY = 'SUPERSECRETKEY';
const TOKEN = 'Bearer BEARERSECRET42';
const TEAM = 'platform-team';
const PASSWORD = 'HOOKPASSWORD9';
/** Every secret this file gives the server: none may be in an answer. */
const SECRETS = [API_KEY, 'BEARERSECRET42', TEAM, PASSWORD];

interface ProjectAnswer {
  description: string;
  definition: { actions: { url: string; headers: Record<string, string> }[] } & Record<string, unknown>;
}

describe('a webhook\'s secrets are never in what the API answers, and stay stored when a project comes back as shown', () => {
  // Linux answers on all of 127.0.0.0/8: 127.0.0.2 stands for another host.
  let hook: HttpTestServer;
  let elsewhere: HttpTestServer;
  let server: Awaited<ReturnType<typeof listeningTestServer>>;
  let created: JsonAnswer;
  const webhook = (url: string, headers: Record<string, string>, name = 'ci') => ({ type: 'webhook', name, on: ['swipe_left', 'swipe_right'], url, headers });
  const project = (action: object) => ({ description: 'POSTs swipes', classifiers: ['swipe'], actions: [action] });
  const configFile = () => readFileSync(join(server.scratch, 'handflow.config.json'), 'utf8');

  before(async () => {
    hook = await HttpTestServer.start(() => 204);
    elsewhere = await HttpTestServer.start(() => 204, '127.0.0.2');
    server = await listeningTestServer({ fileFolders: [dirname(SWIPES)] });
    const action = webhook(hook.urlFor(`/hook?api_key=${API_KEY}&team=eng`), { authorization: TOKEN, 'x-team': TEAM });
    created = await callJson(server.base, 'POST', '/api/projects', { name: PROJECT, ...project(action) });
    assert.equal(created.status, 201, JSON.stringify(created.body));
  });
  after(async () => {
    await server.close();
    await hook.stop();
    await elsewhere.stop();
  });

  /** The project as GET shows it, as the settings a PUT takes. */
  async function shown(): Promise<ProjectAnswer['definition'] & { description: string }> {
    const { body } = await callJson(server.base, 'GET', `/api/projects/${PROJECT}`);
    const { description, definition } = body as unknown as ProjectAnswer;
    return { description, ...definition };
  }

  /** Arms the actions, plays the swipes through the project, and gives the last webhook `hook` got from it. */
  async function playSwipes(): Promise<RecordedRequest> {
    const before = hook.requests.length;
    assert.deepEqual((await callJson(server.base, 'POST', '/api/actions/arm', {})).body, { armed: true });
    const started = await callJson(server.base, 'POST', '/api/sessions', { source: { type: 'file', path: SWIPES, realtime: false }, project: PROJECT });
    assert.equal(started.status, 201, JSON.stringify(started.body));
    await waitFor('the session to end', async () => ((await callJson(server.base, 'GET', `/api/sessions/${String(started.body.id)}`)).body.state === 'ended' ? true : undefined), 60_000);
    await waitFor('the webhook', () => (hook.requests.length > before ? true : undefined), 10_000);
    return hook.requests.at(-1)!;
  }

  function assertNoSecret(text: string): void {
    for (const secret of SECRETS) assert.ok(!text.includes(secret), `${secret} is in ${text}`);
  }

  it('GET /api/projects, GET /api/projects/<name> and a save\'s answer show the URL redacted and every header value hidden', async () => {
    const answers = [JSON.stringify(created.body), JSON.stringify((await callJson(server.base, 'GET', '/api/projects')).body), JSON.stringify((await callJson(server.base, 'GET', `/api/projects/${PROJECT}`)).body)];
    for (const answer of answers) assertNoSecret(answer);
    const [action] = (created.body as unknown as ProjectAnswer).definition.actions;
    assert.equal(action!.url, hook.urlFor('/hook?api_key=***&team=***'));
    assert.deepEqual(action!.headers, { authorization: '***', 'x-team': '***' });

    const login = await callJson(server.base, 'POST', '/api/projects', { name: 'with-login', ...project(webhook(`http://hooks:${PASSWORD}@127.0.0.1:9/hook`, {})) });
    assert.equal(login.status, 201, JSON.stringify(login.body));
    assert.equal((login.body as unknown as ProjectAnswer).definition.actions[0]!.url, 'http://hooks:***@127.0.0.1:9/hook');
    assertNoSecret(JSON.stringify((await callJson(server.base, 'GET', '/api/projects')).body));
  });

  it('a PUT of the project as GET shows it keeps the secrets: the webhook still gets the real query and headers', async () => {
    const saved = await callJson(server.base, 'PUT', `/api/projects/${PROJECT}`, await shown());
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    assertNoSecret(JSON.stringify(saved.body));
    assert.match(configFile(), new RegExp(`api_key=${API_KEY}&team=eng`));
    const received = await playSwipes();
    assert.equal(received.path, `/hook?api_key=${API_KEY}&team=eng`);
    assert.equal(received.headers.authorization, TOKEN);
    assert.equal(received.headers['x-team'], TEAM);
  });

  it('a header given a new value replaces the stored one, and the others sent hidden stay', async () => {
    const settings = await shown();
    const saved = await callJson(server.base, 'PUT', `/api/projects/${PROJECT}`, { ...settings, actions: [{ ...settings.actions[0], headers: { authorization: 'Bearer ROTATED77', 'x-team': '***' } }] });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    const received = await playSwipes();
    assert.equal(received.headers.authorization, 'Bearer ROTATED77');
    assert.equal(received.headers['x-team'], TEAM);
    assert.equal(received.path, `/hook?api_key=${API_KEY}&team=eng`);
  });

  it('a secret does not follow its webhook elsewhere: hidden values sent for another host, path or name are refused', async () => {
    const stored = configFile();
    const settings = await shown();
    const shownUrl = settings.actions[0]!.url;
    const hidden = { authorization: '***', 'x-team': '***' };
    const attempts: [object, RegExp][] = [
      [webhook(shownUrl.replace(new URL(hook.url).origin, new URL(elsewhere.url).origin), hidden), /actions\.0\.url, .*actions\.0\.headers\.authorization, .*actions\.0\.headers\.x-team still hold \*\*\*/],
      [webhook(shownUrl.replace('/hook?', '/other?'), hidden), /actions\.0\.url, /],
      [webhook(shownUrl, hidden, 'another'), /actions\.0\.url, /],
      [webhook(elsewhere.url, hidden), /^invalid setting: projects\.swipe-hook\.actions\.0\.headers\.authorization, projects\.swipe-hook\.actions\.0\.headers\.x-team still hold \*\*\* where a secret was hidden: give the value itself/],
    ];
    for (const [action, message] of attempts) {
      const refused = await callJson(server.base, 'PUT', `/api/projects/${PROJECT}`, project(action));
      assert.equal(refused.status, 400, JSON.stringify(refused.body));
      assert.equal(refused.body.code, 'INVALID_REQUEST');
      assert.match(String(refused.body.message), message);
      assertNoSecret(JSON.stringify(refused.body));
    }
    const copied = await callJson(server.base, 'POST', '/api/projects', { name: 'copy', ...project(webhook(shownUrl, hidden)) });
    assert.equal(copied.status, 400, 'a new project has no secrets to keep');
    assert.equal(configFile(), stored, 'nothing was saved');
    assert.equal(elsewhere.requests.length, 0);
  });
});
