import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import type { ManagedProcess } from '../testing/managed-process.js';
import { missingTools } from '../testing/required-tools.js';
import { scratchFolder } from '../testing/scratch.js';
import { sharedData } from '../testing/shared-data.js';
import { waitFor } from '../testing/wait-for.js';
import { startGateway, startWorker, TestNats } from './testing/test-cluster.js';

const SWIPES = sharedData('dynamic-gestures/swipe_left_right.gif');

interface SessionView {
  readonly state: string;
  readonly endReason?: string;
  readonly failure?: string;
}

/**
 * What a person does in a gateway's dashboard must run on the cluster as it would on one server: a project made
 * there runs on workers that never read the gateway's config file, and an uploaded video plays although workers
 * cannot read the gateway's disk.
 */
describe('sessions started at a cluster gateway', { skip: missingTools('nats-server') }, () => {
  const scratch = scratchFolder('handflow-gateway-sessions-');
  let nats: TestNats;
  const processes: ManagedProcess[] = [];
  let url: string;

  before(async () => {
    nats = await TestNats.start();
    // Projects made over the API are saved in this file, which the worker does not read.
    const config = scratch.file('gateway.config.json', '{}');
    let gateway: ManagedProcess;
    ({ gateway, url } = await startGateway(nats, sharedData('.'), {}, ['--config', config, '--gestures', join(scratch.path, 'gateway.gestures.json')]));
    processes.push(gateway, await startWorker(nats, 'w1', sharedData('.')));
  });
  after(async () => {
    for (const process of processes) await process.stop();
    await nats.stop();
  });

  const post = async (path: string, body: object): Promise<Response> =>
    fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  async function ended(id: string): Promise<SessionView> {
    return waitFor('the session to end', async () => {
      const info = (await (await fetch(`${url}/api/sessions/${id}`)).json()) as SessionView;
      return info.state === 'ended' ? info : undefined;
    }, 60_000);
  }

  it('runs a project made at the gateway on a worker, as the gateway has it', { timeout: 90_000 }, async () => {
    const made = await post('/api/projects', { name: 'my-counter', description: 'made in the dashboard', classifiers: ['finger_count'], actions: [] });
    assert.equal(made.status, 201, await made.clone().text());
    const started = await post('/api/sessions', { source: { type: 'file', path: SWIPES, realtime: false }, project: 'my-counter' });
    assert.equal(started.status, 201, await started.clone().text());
    const session = await ended(((await started.json()) as { id: string }).id);
    assert.equal(session.endReason, 'ended', session.failure);
  });

  it('holds a project\'s gestures file to the folders the worker may read: the gateway\'s own is not one of them', { timeout: 90_000 }, async () => {
    // The gateway lets a project name its own gestures file; the worker reads only what its --files allow.
    const made = await post('/api/projects', { name: 'gateway-gestures', classifiers: ['finger_count'], customGestures: join(scratch.path, 'gateway.gestures.json'), actions: [] });
    assert.equal(made.status, 201, await made.clone().text());
    const started = await post('/api/sessions', { source: { type: 'file', path: SWIPES, realtime: false }, project: 'gateway-gestures' });
    assert.equal(started.status, 201, await started.clone().text());
    const session = await ended(((await started.json()) as { id: string }).id);
    assert.equal(session.endReason, 'failed');
    assert.match(String(session.failure), /gateway\.gestures\.json is outside the folders this server may read/);
  });

  it('plays an uploaded video at the gateway, whose disk the workers cannot read', { timeout: 90_000 }, async () => {
    const uploaded = await fetch(`${url}/api/uploads?name=swipes.gif`, { method: 'POST', headers: { 'content-type': 'image/gif' }, body: readFileSync(SWIPES) });
    assert.equal(uploaded.status, 201, await uploaded.clone().text());
    const { path } = (await uploaded.json()) as { path: string };
    const started = await post('/api/sessions', { source: { type: 'file', path, realtime: false } });
    assert.equal(started.status, 201, await started.clone().text());
    const session = await ended(((await started.json()) as { id: string }).id);
    assert.equal(session.endReason, 'ended', session.failure);
  });
});
