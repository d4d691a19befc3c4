import assert from 'node:assert/strict';
import { describe, test, type TestContext } from 'node:test';
import { HttpTestServer, type Answer } from '../../testing/http-test-server.js';
import { isHandflowError } from '../../testing/handflow-error-assertion.js';
import { postJson } from './post-json.js';

async function serve(t: TestContext, answer: Answer, address?: string): Promise<HttpTestServer> {
  const server = await HttpTestServer.start(answer, address);
  t.after(() => server.stop());
  return server;
}

describe('postJson against a local HTTP server', () => {
  test('the JSON body and headers arrive, and the status comes back', async (t) => {
    const server = await serve(t, () => 204);
    const event = {
      type: 'gesture_detected',
      project: 'gesture-notify',
      timestamp: 1767000000.25,
      data: { gesture: 'thumbs_up', score: 0.97 },
    };
    const status = await postJson(server.url, event, { headers: { authorization: 'Bearer test-token' } });
    assert.equal(status, 204);
    assert.equal(server.requests.length, 1);
    const [request] = server.requests;
    assert.equal(request?.method, 'POST');
    assert.equal(request?.headers['content-type'], 'application/json');
    assert.equal(request?.headers['authorization'], 'Bearer test-token');
    assert.deepEqual(JSON.parse(request?.body ?? ''), event);
  });

  test('a 500 is retried after the backoff, and the 200 that follows is returned', async (t) => {
    const server = await serve(t, (_, index) => (index === 0 ? 500 : 200));
    const started = Date.now();
    assert.equal(await postJson(server.url, { n: 1 }, { retries: 2, backoffMs: 100 }), 200);
    assert.equal(server.requests.length, 2);
    assert.ok(Date.now() - started >= 100, 'waited the backoff before retrying');
    assert.deepEqual(
      server.requests.map((request) => request.body),
      ['{"n":1}', '{"n":1}'],
    );
  });

  test('a server that keeps failing gets 1 + retries attempts, with doubling waits, and its last status', async (t) => {
    const server = await serve(t, () => 503);
    const started = Date.now();
    assert.equal(await postJson(server.url, {}, { retries: 2, backoffMs: 50 }), 503);
    assert.equal(server.requests.length, 3);
    assert.ok(Date.now() - started >= 150, 'waited 50 ms then 100 ms');
  });

  test('a redirect is not followed: it fails, naming where it led, and nothing follows it, nor is it retried', async (t) => {
    const elsewhere = await serve(t, () => 204, '127.0.0.2');
    for (const status of [301, 302, 303, 307, 308]) {
      const moved = await serve(t, () => ({ status, headers: { location: elsewhere.url } }));
      await assert.rejects(
        postJson(moved.url, { n: 2 }, { retries: 2, backoffMs: 10, headers: { 'x-api-key': 'SECRET' } }),
        isHandflowError('WEBHOOK_FAILED', new RegExp(`^webhook ${moved.url.replace('/hook', '')} answered HTTP ${status}, a redirect to ${elsewhere.url}; webhooks follow no redirect .*: give the URL it leads to$`)),
      );
      assert.equal(moved.requests.length, 1, 'not retried');
    }
    assert.equal(elsewhere.requests.length, 0, 'the event and its key reached no other host');
  });

  test('a 4xx is not retried: the same request cannot succeed', async (t) => {
    const server = await serve(t, () => 404);
    assert.equal(await postJson(server.url, {}, { retries: 3, backoffMs: 10 }), 404);
    assert.equal(server.requests.length, 1);
  });

  test('a server that never answers: each attempt times out, then WEBHOOK_FAILED says so', async (t) => {
    const server = await serve(t, () => 'never');
    const started = Date.now();
    await assert.rejects(
      postJson(server.url, {}, { timeoutMs: 200, retries: 1, backoffMs: 10 }),
      isHandflowError(
        'WEBHOOK_FAILED',
        /^webhook http:\/\/127\.0\.0\.1:\d+ did not answer within 200 ms \(2 attempts\)$/,
      ),
    );
    assert.equal(server.requests.length, 2);
    assert.ok(Date.now() - started >= 400, 'both attempts waited their full timeout');
  });

  test('nothing listening: the connection error is named after the retries', async (t) => {
    const server = await serve(t, () => 200);
    const url = server.url;
    await server.stop();
    await assert.rejects(
      postJson(url, {}, { retries: 1, backoffMs: 10 }),
      isHandflowError(
        'WEBHOOK_FAILED',
        /^webhook http:\/\/127\.0\.0\.1:\d+ could not be reached: .*ECONNREFUSED.* \(2 attempts\)$/,
      ),
    );
  });

  test("a URL's user and password are sent as Basic authorization, as curl does, unless an Authorization header is given", async (t) => {
    const server = await serve(t, () => 200);
    const withCredentials = (path: string): string => server.urlFor(path).replace('http://', 'http://hooks:p%40ss%3Aword@');
    assert.equal(await postJson(withCredentials('/hook?k=1'), {}), 200);
    assert.equal(await postJson(withCredentials('/hook'), {}, { headers: { Authorization: 'Bearer own-token' } }), 200);
    assert.deepEqual(
      server.requests.map((request) => [request.path, request.headers['authorization']]),
      [['/hook?k=1', `Basic ${Buffer.from('hooks:p@ss:word').toString('base64')}`], ['/hook', 'Bearer own-token']],
    );
  });

  test('a URL with a password whose server cannot be reached: the failure says so without the password', async () => {
    await assert.rejects(postJson('http://hooks:HOOKPASSWORD9@127.0.0.1:9/hook?k=QUERYSECRET', {}, { retries: 0 }), (error: Error) => {
      assert.match(error.message, /^webhook http:\/\/127\.0\.0\.1:9 could not be reached: /);
      assert.doesNotMatch(error.message, /HOOKPASSWORD9|QUERYSECRET/);
      return true;
    });
  });

  test('a URL that is not http(s), and a body that is not JSON, are refused before sending', async () => {
    await assert.rejects(
      postJson('file:///etc/passwd', {}),
      isHandflowError('INVALID_OPTION', /^webhook URL "file:\/\/\/etc\/passwd" is not an http or https URL$/),
    );
    await assert.rejects(postJson('not a url', {}), isHandflowError('INVALID_OPTION', /is not an http or https URL/));
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    await assert.rejects(
      postJson('http://127.0.0.1:9/hook', cyclic),
      isHandflowError('INVALID_OPTION', /^webhook body cannot be written as JSON: /),
    );
    await assert.rejects(
      postJson('http://127.0.0.1:9/hook', undefined),
      isHandflowError('INVALID_OPTION', /it is undefined$/),
    );
  });
});
