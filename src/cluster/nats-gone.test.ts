import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { ManagedProcess } from '../testing/managed-process.js';
import { missingTools } from '../testing/required-tools.js';
import { sharedData } from '../testing/shared-data.js';
import { startGateway, TestNats } from './testing/test-cluster.js';

describe('a cluster gateway whose NATS server has gone', { skip: missingTools('nats-server') }, () => {
  let nats: TestNats;
  let gateway: ManagedProcess;
  let url: string;

  before(async () => {
    nats = await TestNats.start();
    ({ gateway, url } = await startGateway(nats, sharedData('.')));
    // Connected until then, as the API and the metrics say.
    assert.equal(((await (await fetch(`${url}/api/cluster`)).json()) as { connected: boolean }).connected, true);
    assert.match(await (await fetch(`${url}/metrics`)).text(), /^handflow_cluster_connected 1$/m);
    await nats.stop();
  });
  after(async () => {
    await gateway?.stop();
  });

  it('answers a new stream with 503 CLUSTER_UNAVAILABLE, saying to try again, and stays up', async () => {
    const response = await fetch(`${url}/api/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ source: { type: 'file', path: sharedData('mediapipe-samples/open_hand_video.mp4') } }),
    });
    const body = (await response.json()) as { code: string; message: string };
    assert.equal(response.status, 503, JSON.stringify(body));
    assert.equal(body.code, 'CLUSTER_UNAVAILABLE');
    assert.match(body.message, /^the cluster did not take the stream: NATS said .+\. Is it up, and may the gateway's user write there\? Try again once it is$/);
    assert.equal((await fetch(`${url}/api/health`)).status, 200);
  });

  it('says it has lost NATS in GET /api/cluster and in /metrics', async () => {
    const status = (await (await fetch(`${url}/api/cluster`)).json()) as { connected: boolean };
    assert.equal(status.connected, false);
    assert.match(await (await fetch(`${url}/metrics`)).text(), /^handflow_cluster_connected 0$/m);
  });
});
