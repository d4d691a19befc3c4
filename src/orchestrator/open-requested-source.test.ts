import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { StreamHosts } from '../ingestion/stream-hosts.js';
import { openRequestedSource } from './open-requested-source.js';
import { serverSideSourceRequestSchema } from './source-request.js';

describe('openRequestedSource', () => {
  const access = { folders: [], streamHosts: StreamHosts.ANY };

  it('opens the capture settings\' camera (capture.device) for a request that names none, and the one named otherwise', async () => {
    const unnamed = serverSideSourceRequestSchema.parse({ type: 'camera' });
    assert.equal((await openRequestedSource(unnamed, { device: 5 }, access)).label, 'webcam:5');
    const named = serverSideSourceRequestSchema.parse({ type: 'camera', device: 2 });
    assert.equal((await openRequestedSource(named, { device: 5 }, access)).label, 'webcam:2');
  });
});
