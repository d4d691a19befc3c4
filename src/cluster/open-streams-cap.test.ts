import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { missingTools } from '../testing/required-tools.js';
import { sharedData } from '../testing/shared-data.js';
import { startGateway, TestNats } from './testing/test-cluster.js';

const STARTS = 20;
const CAP = 2;

describe('a cluster gateway\'s cap on open streams', { skip: missingTools('nats-server') }, () => {
  it(`holds under ${STARTS} concurrent starts: ${CAP} are taken, the rest refused with 429`, async () => {
    const nats = await TestNats.start();
    // No worker: every stream taken stays open (waiting).
    const { gateway, url } = await startGateway(nats, sharedData('.'), { HANDFLOW_CLUSTER_MAX_OPEN_STREAMS: String(CAP) });
    try {
      const body = JSON.stringify({ source: { type: 'file', path: sharedData('mediapipe-samples/open_hand_video.mp4') } });
      const start = () => fetch(`${url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const responses = await Promise.all(Array.from({ length: STARTS }, start));
      const statuses = responses.map((response) => response.status).sort();
      assert.deepEqual(statuses, [...Array<number>(CAP).fill(201), ...Array<number>(STARTS - CAP).fill(429)]);
      const { sessions } = (await (await fetch(`${url}/api/sessions`)).json()) as { sessions: { state: string }[] };
      assert.equal(sessions.filter((session) => session.state !== 'ended').length, CAP);
    } finally {
      await gateway.stop();
      await nats.stop();
    }
  });
});
