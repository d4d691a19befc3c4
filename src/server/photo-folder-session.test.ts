import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { after, before, describe, it } from 'node:test';

import type { FastifyInstance } from 'fastify';

import { sharedData } from '../testing/shared-data.js';
import { waitFor } from '../testing/wait-for.js';
import { testServer } from './testing/test-server.js';

const PHOTOS = sharedData('finger-count-epsrc/testing_set/3');

describe('a session on a folder of photos', () => {
  let app: FastifyInstance;
  before(async () => {
    app = await testServer({ fileFolders: [dirname(PHOTOS)] });
  });
  after(() => app.close());

  it('processes every photo, none dropped, under the API\'s default realtime: true', { timeout: 60_000 }, async () => {
    const photos = readdirSync(PHOTOS).filter((name) => name.endsWith('.jpg')).length;
    assert.equal(photos, 40);
    const started = await app.inject({
      method: 'POST',
      url: '/api/sessions',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ source: { type: 'file', path: PHOTOS } }),
    });
    assert.equal(started.statusCode, 201, started.body);
    const { id } = started.json() as { id: string };
    const ended = await waitFor('the session to end', async () => {
      const info = (await app.inject({ method: 'GET', url: `/api/sessions/${id}` })).json();
      return info.state === 'ended' ? info : undefined;
    }, 50_000);
    assert.equal(ended.endReason, 'ended');
    assert.deepEqual(ended.metrics.frames, { processed: photos, dropped: 0, errored: 0 });
  });
});
