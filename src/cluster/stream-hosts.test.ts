import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { ManagedProcess } from '../testing/managed-process.js';
import { missingTools } from '../testing/required-tools.js';
import { scratchFolder } from '../testing/scratch.js';
import { sharedData } from '../testing/shared-data.js';
import { startGateway, TestNats } from './testing/test-cluster.js';

describe('a cluster gateway with --stream-host and --webhook-host', { skip: missingTools('nats-server') }, () => {
  const scratch = scratchFolder('handflow-gateway-hosts-');
  let nats: TestNats;
  let gateway: ManagedProcess;
  let url: string;

  before(async () => {
    nats = await TestNats.start();
    const hook = { description: 'POSTs swipes', classifiers: ['swipe'], actions: [{ type: 'webhook', on: ['swipe_left'], url: 'http://10.0.0.8/hook' }] };
    const config = scratch.file('handflow.config.json', JSON.stringify({ projects: { 'hook-elsewhere': hook } }));
    ({ gateway, url } = await startGateway(nats, sharedData('.'), {}, ['--stream-host', '*.cams.lan', '--webhook-host', '*.hooks.lan', '--config', config]));
  });
  after(async () => {
    await gateway.stop();
    await nats.stop();
  });

  it('refuses a URL stream from a host not listed with 403, and queues no stream for the workers', async () => {
    const response = await fetch(`${url}/api/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ source: { type: 'url', url: 'rtsp://10.0.0.7:554/live' } }),
    });
    const body = (await response.json()) as { code: string; message: string };
    assert.equal(response.status, 403, JSON.stringify(body));
    assert.equal(body.code, 'STREAM_HOST_NOT_ALLOWED');
    assert.match(body.message, /reads streams only from \*\.cams\.lan \(--stream-host\); ask whoever runs it to add 10\.0\.0\.7/);
    const listed = (await (await fetch(`${url}/api/sessions`)).json()) as { sessions: unknown[] };
    assert.deepEqual(listed.sessions, []);
  });

  it('refuses a stream whose project has a webhook to a host not listed with 403, and queues no stream for the workers', async () => {
    const response = await fetch(`${url}/api/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ source: { type: 'file', path: sharedData('mediapipe-samples/open_hand_video.mp4') }, project: 'hook-elsewhere' }),
    });
    const body = (await response.json()) as { code: string; message: string };
    assert.equal(response.status, 403, JSON.stringify(body));
    assert.equal(body.code, 'WEBHOOK_HOST_NOT_ALLOWED');
    assert.match(body.message, /^project hook-elsewhere, action webhook\S*: http:\/\/10\.0\.0\.8\/hook: this server sends webhooks only to \*\.hooks\.lan \(--webhook-host\); ask whoever runs it to add 10\.0\.0\.8$/);
    const listed = (await (await fetch(`${url}/api/sessions`)).json()) as { sessions: unknown[] };
    assert.deepEqual(listed.sessions, []);
  });
});
