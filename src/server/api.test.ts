import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { after, before, describe, it } from 'node:test';

import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

import { HttpTestServer } from '../testing/http-test-server.js';
import { sharedData } from '../testing/shared-data.js';
import { waitFor } from '../testing/wait-for.js';
import { OPEN_HAND_VIDEO, testServer } from './testing/test-server.js';

/** Every error answer is `{code, message}` and nothing else: no stack, no Fastify internals. */
function assertError(response: LightMyRequestResponse, status: number, code: string, messageHint?: RegExp): void {
  assert.equal(response.statusCode, status, response.body);
  const body = response.json() as Record<string, unknown>;
  assert.deepEqual(Object.keys(body).sort(), ['code', 'message']);
  assert.equal(body.code, code);
  assert.doesNotMatch(String(body.message), /at .*\.js:\d+/);
  if (messageHint) assert.match(String(body.message), messageHint);
}

const json = (method: 'POST' | 'PUT', url: string, payload: unknown) => ({ method, url, headers: { 'content-type': 'application/json' }, payload: typeof payload === 'string' ? payload : JSON.stringify(payload) });

describe('the REST API', () => {
  let app: FastifyInstance;
  before(async () => {
    app = await testServer();
  });
  after(() => app.close());

  it('answers health with status, version and the running sessions', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/health' });
    assert.equal(response.statusCode, 200);
    assert.deepEqual({ ...(response.json() as object), uptimeS: 0 }, { status: 'ok', version: 'test', uptimeS: 0, sessions: 0, cluster: false });
  });

  it('lists the built-in classifiers with their gestures', async () => {
    const { classifiers } = (await app.inject({ method: 'GET', url: '/api/classifiers' })).json() as { classifiers: { name: string; gestures: string[] }[] };
    assert.deepEqual(classifiers.map((classifier) => classifier.name), ['finger_count', 'static', 'pinch', 'swipe']);
    assert.ok(classifiers.find((classifier) => classifier.name === 'static')!.gestures.includes('thumbs_up'));
    // The names a project's actions take in `on`: a project binding every one of them is accepted.
    const everyName = classifiers.flatMap((classifier) => classifier.gestures);
    assert.ok(everyName.includes('fingers_3'));
    const saved = await app.inject(json('POST', '/api/projects', { name: 'every-gesture', classifiers: classifiers.map((classifier) => classifier.name), actions: [{ type: 'notification', on: everyName }] }));
    assert.equal(saved.statusCode, 201, saved.body);
  });

  it('lists the cameras (none is fine)', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/cameras' });
    assert.equal(response.statusCode, 200);
    assert.ok(Array.isArray(response.json().cameras));
  });

  describe('projects', () => {
    it('lists and gets the built-in projects', async () => {
      const { projects } = (await app.inject({ method: 'GET', url: '/api/projects' })).json() as { projects: { name: string }[] };
      assert.ok(projects.some((project) => project.name === 'finger-counter'));
      const one = await app.inject({ method: 'GET', url: '/api/projects/finger-counter' });
      assert.equal(one.json().name, 'finger-counter');
    });
    it('answers an unknown project with PROJECT_NOT_FOUND naming the projects', async () => {
      assertError(await app.inject({ method: 'GET', url: '/api/projects/nope' }), 404, 'PROJECT_NOT_FOUND', /finger-counter/);
    });
    it('creates a user project, saved in the config file, and updates it', async () => {
      const created = await app.inject(json('POST', '/api/projects', { name: 'my-counter', description: 'counts, my way', classifiers: ['finger_count'] }));
      assert.equal(created.statusCode, 201, created.body);
      assert.deepEqual({ ...(created.json() as object), definition: undefined }, { name: 'my-counter', description: 'counts, my way', builtIn: false, definition: undefined });
      assertError(await app.inject(json('POST', '/api/projects', { name: 'my-counter' })), 409, 'PROJECT_EXISTS', /PUT/);
      const updated = await app.inject(json('PUT', '/api/projects/my-counter', { description: 'counts, changed', classifiers: ['finger_count', 'static'] }));
      assert.equal(updated.statusCode, 200, updated.body);
      assert.deepEqual(updated.json().definition.classifiers, ['finger_count', 'static']);
      assert.equal((await app.inject({ method: 'GET', url: '/api/projects/my-counter' })).json().description, 'counts, changed');
      const session = await app.inject(json('POST', '/api/sessions', { source: { type: 'browser' }, project: 'my-counter' }));
      assert.equal(session.json().project, 'my-counter');
      // A running session keeps the project it started with: changing it under the session is refused.
      const change = json('PUT', '/api/projects/my-counter', { description: 'counts, changed again', classifiers: ['finger_count'] });
      assertError(await app.inject(change), 409, 'PROJECT_IN_USE', new RegExp(`runs in session ${session.json().id}.*stop it first`));
      await app.inject({ method: 'POST', url: `/api/sessions/${session.json().id}/stop` });
      assert.equal((await app.inject(change)).statusCode, 200, 'saved once the session stopped');
      // Nor while a session is being started with it (loading its models), before it is listed as running.
      const starting = app.inject(json('POST', '/api/sessions', { source: { type: 'browser' }, project: 'my-counter' }));
      await new Promise((resolve) => setTimeout(resolve, 20)); // its request read; a start takes 90-200 ms here
      assertError(await app.inject(change), 409, 'PROJECT_IN_USE', /being started/);
      const started = await starting;
      assert.equal(started.statusCode, 201, started.body);
      await app.inject({ method: 'POST', url: `/api/sessions/${started.json().id}/stop` });
    });
    it('refuses a built-in project change, a wrong setting, and bodies that are not objects', async () => {
      assertError(await app.inject(json('PUT', '/api/projects/finger-counter', { description: 'mine' })), 409, 'PROJECT_READ_ONLY');
      assertError(await app.inject(json('PUT', '/api/projects/nope', {})), 404, 'PROJECT_NOT_FOUND');
      assertError(await app.inject(json('POST', '/api/projects', { name: 'bad', classifiers: ['telepathy'] })), 400, 'INVALID_REQUEST', /projects\.bad\.classifiers/);
      assertError(await app.inject(json('POST', '/api/projects', { name: 'bad', colour: 'red' })), 400, 'INVALID_REQUEST', /colour/);
      assertError(await app.inject(json('POST', '/api/projects', { description: 'no name' })), 400, 'INVALID_REQUEST', /body\.name/);
      assertError(await app.inject(json('POST', '/api/projects', '[1,2]')), 400, 'INVALID_REQUEST');
      assertError(await app.inject(json('PUT', '/api/projects/finger-counter', '{"name":')), 400, 'INVALID_JSON');
      for (const key of ['{"__proto__": {"a": 1}}', '{"constructor": {"prototype": {"a": 1}}}']) {
        assertError(await app.inject(json('POST', '/api/projects', `{"name": "q", "x": ${key}}`)), 400, 'INVALID_JSON', /has a "__proto__" key or a "constructor" key holding "prototype", which no request takes/);
      }
    });
  });

  describe('actions', () => {
    it('start disarmed, arm and disarm', async () => {
      assert.deepEqual((await app.inject({ method: 'GET', url: '/api/actions' })).json(), { armed: false });
      assert.deepEqual((await app.inject({ method: 'POST', url: '/api/actions/arm' })).json(), { armed: true });
      assert.deepEqual((await app.inject({ method: 'POST', url: '/api/actions/disarm' })).json(), { armed: false });
    });
    it('answers an empty JSON body with INVALID_JSON', async () => {
      assertError(await app.inject({ method: 'POST', url: '/api/actions/arm', headers: { 'content-type': 'application/json' }, payload: '' }), 400, 'INVALID_JSON');
    });
  });

  describe('sessions', () => {
    const start = (payload: unknown) => app.inject(json('POST', '/api/sessions', payload));

    it('refuses malformed JSON', async () => {
      assertError(await start('{"source": {"type": "file"'), 400, 'INVALID_JSON', /JSON/);
    });
    it('refuses unknown fields, naming them', async () => {
      assertError(await start({ source: { type: 'browser' }, colour: 'red' }), 400, 'INVALID_REQUEST', /"colour"/);
      assertError(await start({ source: { type: 'browser', fps: 30 } }), 400, 'INVALID_REQUEST', /"fps"/);
    });
    it('refuses wrong types and unknown source types, naming the field', async () => {
      assertError(await start({ source: { type: 'camera', device: 'zero' } }), 400, 'INVALID_REQUEST', /body\.source\.device/);
      assertError(await start({ source: { type: 'telepathy' } }), 400, 'INVALID_REQUEST', /body\.source\.type/);
      assertError(await start({ source: 'webcam' }), 400, 'INVALID_REQUEST', /body\.source/);
      assertError(await start({ source: { type: 'browser' }, project: 7 }), 400, 'INVALID_REQUEST', /body\.project/);
    });
    it('refuses an empty or malformed stream URL once, saying what to give', async () => {
      for (const [url, why] of [['', /no URL given: give the stream's address/], ['camera.lan/live', /camera\.lan\/live is not a valid URL/]] as const) {
        const refused = await start({ source: { type: 'url', url } });
        assertError(refused, 400, 'INVALID_REQUEST', why);
        assert.equal(refused.json().message.split('body.source.url').length, 2, refused.json().message);
      }
    });
    it('refuses a body over the size limit', async () => {
      assertError(await start({ source: { type: 'file', path: 'x'.repeat(100_000) } }), 413, 'BODY_TOO_LARGE');
    });
    it('refuses a body that is not JSON', async () => {
      assertError(await app.inject({ method: 'POST', url: '/api/sessions', headers: { 'content-type': 'text/plain' }, payload: 'source=webcam' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    });
    it('refuses a file outside the allowed folders, saying how to allow it', async () => {
      assertError(await start({ source: { type: 'file', path: '/etc/hostname' } }), 403, 'FILE_NOT_ALLOWED', /--files/);
      // Enough ".." to climb from the allowed folder to the root, however deep the checkout is.
      const escape = `${dirname(sharedData(OPEN_HAND_VIDEO))}/${'../'.repeat(40)}etc/hostname`;
      assertError(await start({ source: { type: 'file', path: escape } }), 403, 'FILE_NOT_ALLOWED');
    });
    it('refuses a missing file outside the allowed folders the same way, so existence does not leak', async () => {
      assertError(await start({ source: { type: 'file', path: '/etc/no-such-file-here' } }), 403, 'FILE_NOT_ALLOWED');
    });
    it('answers a missing file with INPUT_NOT_FOUND', async () => {
      assertError(await start({ source: { type: 'file', path: sharedData(OPEN_HAND_VIDEO).replace('.mp4', '-missing.mp4') } }), 404, 'INPUT_NOT_FOUND');
    });
    it('answers an unknown project with PROJECT_NOT_FOUND', async () => {
      assertError(await start({ source: { type: 'browser' }, project: 'nope' }), 404, 'PROJECT_NOT_FOUND');
    });
    it('answers unknown session ids with SESSION_NOT_FOUND', async () => {
      assertError(await app.inject({ method: 'GET', url: '/api/sessions/s-nope' }), 404, 'SESSION_NOT_FOUND');
      assertError(await app.inject({ method: 'POST', url: '/api/sessions/s-nope/stop' }), 404, 'SESSION_NOT_FOUND');
    });

    it('runs sessions side by side, lists them with metrics, and stops them', async () => {
      const video = await start({ source: { type: 'file', path: sharedData(OPEN_HAND_VIDEO) } });
      assert.equal(video.statusCode, 201, video.body);
      const browser = await start({ source: { type: 'browser' } });
      assert.equal(browser.statusCode, 201, browser.body);
      const { id } = video.json() as { id: string };
      assertError(await start({ source: { type: 'browser' } }), 429, 'TOO_MANY_SESSIONS', /stop one/);

      const info = await waitFor('frames processed', async () => {
        const body = (await app.inject({ method: 'GET', url: `/api/sessions/${id}` })).json();
        return body.metrics.frames.processed >= 5 ? body : undefined;
      }, 30_000);
      assert.equal(info.project, 'finger-counter');
      assert.equal(info.source.type, 'file');
      assert.ok(info.metrics.stages.extraction.p50Ms > 0);
      const { sessions } = (await app.inject({ method: 'GET', url: '/api/sessions' })).json() as { sessions: { id: string; state: string }[] };
      const running = sessions.filter((session) => session.state !== 'ended');
      assert.deepEqual(running.map((session) => session.id).sort(), [id, browser.json().id].sort());

      const metrics = await app.inject({ method: 'GET', url: '/metrics' });
      assert.match(metrics.headers['content-type'] as string, /text\/plain/);
      assert.match(metrics.body, new RegExp(`handflow_stage_latency_seconds_bucket\\{le="[^"]+",session="${id}",stage="extraction"\\}`));
      assert.match(metrics.body, new RegExp(`handflow_session_fps\\{session="${id}"\\}`));
      assert.match(metrics.body, new RegExp(`handflow_frames_dropped\\{session="${id}"\\} \\d+`));
      assert.match(metrics.body, /handflow_sessions_running 2/);

      for (const session of [id, browser.json().id as string]) {
        const stopped = await app.inject({ method: 'POST', url: `/api/sessions/${session}/stop` });
        assert.equal(stopped.statusCode, 200);
        assert.equal(stopped.json().state, 'ended');
        assert.ok(['stopped', 'ended'].includes(stopped.json().endReason));
      }
    });

    it('plays a URL to a recording once at its own pace, as a file session, and ends it: known by its form, or told so', async () => {
      const clip = readFileSync(sharedData(OPEN_HAND_VIDEO));
      const web = await HttpTestServer.start(() => ({ status: 200, headers: { 'content-type': 'video/mp4' }, body: clip }));
      try {
        // A signed URL has a query, which by its form makes it live: `recording` says otherwise.
        for (const source of [{ type: 'url', url: web.urlFor('/open_hand.mp4') }, { type: 'url', url: web.urlFor('/open_hand.mp4?X-Amz-Signature=0123abcd'), recording: true }]) {
          const requests = web.requests.length;
          const started = performance.now();
          const created = await start({ source });
          assert.equal(created.statusCode, 201, created.body);
          const ended = await waitFor('the recording to end', async () => {
            const body = (await app.inject({ method: 'GET', url: `/api/sessions/${created.json().id}` })).json();
            return body.state === 'ended' ? body : undefined;
          }, 30_000);
          const seconds = (performance.now() - started) / 1000;
          assert.equal(ended.endReason, 'ended', source.url);
          const { processed, dropped } = ended.metrics.frames as { processed: number; dropped: number };
          assert.equal(processed + dropped, 202, source.url);
          // Frames are dropped only while the stream opens (its first second is already due by then).
          assert.ok(processed >= 170, `${source.url}: ${processed} processed, ${dropped} dropped`);
          assert.ok(seconds >= 7.5, `${source.url}: the 8 s clip played in ${seconds.toFixed(1)} s`);
          assert.equal(web.requests.length - requests, 1, `${source.url}: read once`);
        }
      } finally {
        await web.stop();
      }
    });
  });

  describe('custom gestures', () => {
    it('lists none at first, and cannot train nothing', async () => {
      assert.deepEqual((await app.inject({ method: 'GET', url: '/api/gestures' })).json(), { gestures: [] });
      assertError(await app.inject({ method: 'POST', url: '/api/gestures/train' }), 422, 'NOT_TRAINABLE', /record/);
    });
    it('refuses bad names, kinds and unknown sessions', async () => {
      assertError(await app.inject(json('POST', '/api/gestures/bad name!/samples', { sessionId: 's-1' })), 400, 'INVALID_REQUEST', /params\.name/);
      assertError(await app.inject(json('POST', '/api/gestures/none/samples', { sessionId: 's-1' })), 400, 'INVALID_REQUEST', /none/);
      assertError(await app.inject(json('POST', '/api/gestures/wave/samples', { sessionId: 's-1', kind: 'wiggly' })), 400, 'INVALID_REQUEST', /body\.kind/);
      assertError(await app.inject(json('POST', '/api/gestures/wave/samples', { sessionId: 's-1', frames: 5000 })), 400, 'INVALID_REQUEST', /body\.frames/);
      assertError(await app.inject(json('POST', '/api/gestures/wave/samples', { sessionId: 's-nope' })), 404, 'SESSION_NOT_FOUND');
    });
    it('answers deleting an unknown gesture with GESTURE_NOT_FOUND', async () => {
      // The server's file is named as such, not by its path.
      assertError(await app.inject({ method: 'DELETE', url: '/api/gestures/wave' }), 404, 'GESTURE_NOT_FOUND', /^no gesture "wave" in the gestures file; it has none$/);
    });
    it('records samples from a running session, trains, lists and deletes', async () => {
      const started = await app.inject(json('POST', '/api/sessions', { source: { type: 'file', path: sharedData(OPEN_HAND_VIDEO) } }));
      const sessionId = started.json().id as string;
      const recorded = await app.inject(json('POST', '/api/gestures/high_five/samples', { sessionId, frames: 6 }));
      assert.equal(recorded.statusCode, 200, recorded.body);
      assert.equal(recorded.json().name, 'high_five');
      assert.ok(recorded.json().added >= 1);
      assertError(await app.inject(json('POST', '/api/gestures/high_five/samples', { sessionId, kind: 'moving', frames: 2 })), 400, 'INVALID_REQUEST', /already a static gesture/);
      await app.inject({ method: 'POST', url: `/api/sessions/${sessionId}/stop` });
      // At once, not after waiting for frames that will never come.
      const startedAt = performance.now();
      assertError(await app.inject(json('POST', '/api/gestures/high_five/samples', { sessionId, frames: 6 })), 400, 'INVALID_REQUEST', /^session \S+ has ended: record from a session that is running$/);
      assert.ok(performance.now() - startedAt < 1000);

      const trained = await app.inject({ method: 'POST', url: '/api/gestures/train' });
      assert.equal(trained.statusCode, 200, trained.body);
      assert.equal(trained.json().models[0].kind, 'static');
      const { gestures } = (await app.inject({ method: 'GET', url: '/api/gestures' })).json();
      assert.deepEqual(gestures.map(({ name, trained }: { name: string; trained: boolean }) => ({ name, trained })), [{ name: 'high_five', trained: true }]);
      const { classifiers } = (await app.inject({ method: 'GET', url: '/api/classifiers' })).json();
      assert.deepEqual(classifiers.at(-1), { name: 'custom', builtIn: false, gestures: ['high_five'] });

      assert.deepEqual((await app.inject({ method: 'DELETE', url: '/api/gestures/high_five' })).json(), { removed: 'high_five' });
      assert.deepEqual((await app.inject({ method: 'GET', url: '/api/gestures' })).json(), { gestures: [] });
    });
  });

  describe('uploads', () => {
    it('stores an uploaded file where a file session may read it', async () => {
      const response = await app.inject({ method: 'POST', url: '/api/uploads?name=clip.MP4', headers: { 'content-type': 'video/mp4' }, payload: Buffer.alloc(1000, 1) });
      assert.equal(response.statusCode, 201, response.body);
      assert.match(response.json().path, /uploads\/.*\.mp4$/);
      assert.equal(response.json().bytes, 1000);
      // Not a video: the session is refused with a message, not left half-started.
      assertError(await app.inject(json('POST', '/api/sessions', { source: { type: 'file', path: response.json().path } })), 422, 'SOURCE_UNAVAILABLE');
    });
    it('refuses an upload over the size limit', async () => {
      const response = await app.inject({ method: 'POST', url: '/api/uploads', headers: { 'content-type': 'application/octet-stream' }, payload: Buffer.alloc(1024 * 1024 + 1) });
      assertError(response, 413, 'BODY_TOO_LARGE');
    });
    it('refuses an upload of another content type', async () => {
      assertError(await app.inject({ method: 'POST', url: '/api/uploads', headers: { 'content-type': 'text/csv' }, payload: 'a,b' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    });
  });

  it('answers an unknown route with NOT_FOUND pointing at the docs', async () => {
    assertError(await app.inject({ method: 'GET', url: '/api/nothing' }), 404, 'NOT_FOUND', /\/api\/docs/);
  });

  it('refuses a request from another web origin', async () => {
    assertError(await app.inject({ method: 'GET', url: '/api/health', headers: { origin: 'https://evil.example', host: 'localhost:8787' } }), 403, 'ORIGIN_NOT_ALLOWED', /--allow-origin/);
    assert.equal((await app.inject({ method: 'GET', url: '/api/health', headers: { origin: 'http://localhost:8787', host: 'localhost:8787' } })).statusCode, 200);
    // Behind a TLS proxy that sends the name the page was opened by: the page at https://that-name is the server's own.
    assert.equal((await app.inject({ method: 'GET', url: '/api/health', headers: { origin: 'https://localhost', host: 'localhost' } })).statusCode, 200);
    assertError(await app.inject({ method: 'GET', url: '/api/health', headers: { origin: 'https://localhost', host: 'localhost:8787' } }), 403, 'ORIGIN_NOT_ALLOWED');
    assertError(await app.inject({ method: 'GET', url: '/api/health', headers: { origin: 'file://localhost', host: 'localhost' } }), 403, 'ORIGIN_NOT_ALLOWED');
  });

  it('documents every route in OpenAPI, served with its UI at /api/docs', async () => {
    const spec = (await app.inject({ method: 'GET', url: '/api/docs/json' })).json() as { paths: Record<string, unknown> };
    for (const path of ['/api/health', '/api/classifiers', '/api/projects', '/api/projects/{name}', '/api/sessions', '/api/sessions/{id}', '/api/sessions/{id}/stop', '/api/actions/arm', '/api/actions/disarm', '/api/gestures', '/api/gestures/{name}/samples', '/api/gestures/train', '/api/gestures/{name}', '/api/uploads', '/api/uploads/{name}', '/metrics']) {
      assert.ok(path in spec.paths, `${path} is documented`);
    }
    const ui = await app.inject({ method: 'GET', url: '/api/docs/' });
    assert.equal(ui.statusCode, 200);
    assert.doesNotMatch(ui.body, /https?:\/\/(cdn|unpkg)/);
  });
});
