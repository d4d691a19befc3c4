import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { openSource } from '../ingestion/open-source.js';
import { buildSession } from '../orchestrator/build-session.js';
import { loadConfig } from '../orchestrator/config.js';
import { findProject } from '../projects/projects.js';
import { capturedLog } from '../orchestrator/testing/captured-log.js';
import { sharedData } from '../testing/shared-data.js';
import { waitFor } from '../testing/wait-for.js';
import { OPEN_HAND_VIDEO, testServer } from './testing/test-server.js';

describe('closing twice', () => {
  it('a session built on the real engine is discarded twice, and its output closed again, without an error', async () => {
    const log = capturedLog('error');
    const config = await loadConfig({ env: {} });
    const { session, output } = await buildSession({
      id: 'close-twice',
      source: openSource({ kind: 'images', path: sharedData('mediapipe-samples/thumb_up.jpg') }, config.capture),
      config,
      project: findProject('finger-counter'),
      logger: log.logger,
    });
    await session.discard();
    await Promise.all([session.discard(), session.discard()]);
    await output.close();
    assert.equal(log.text(), '', 'no part failed to close');
  });

  it('a server with a session running on a real video closes twice, once at a time and twice at once', { timeout: 30_000 }, async () => {
    const app = await testServer();
    const started = await app.inject({
      method: 'POST',
      url: '/api/sessions',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ source: { type: 'file', path: sharedData(OPEN_HAND_VIDEO) } }),
    });
    assert.equal(started.statusCode, 201, started.body);
    const { id } = started.json() as { id: string };
    await waitFor('the session to process a frame', async () => {
      const info = (await app.inject({ method: 'GET', url: `/api/sessions/${id}` })).json();
      return info.metrics.frames.processed > 0 ? true : undefined;
    }, 20_000);
    await Promise.all([app.close(), app.close()]);
    await app.close();
  });
});
