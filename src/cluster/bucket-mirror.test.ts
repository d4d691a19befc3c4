import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { clusterSettingsSchema } from '../orchestrator/cluster-settings.js';
import { capturedLog } from '../orchestrator/testing/captured-log.js';
import { findProject, PROJECTS } from '../projects/projects.js';
import { missingTools } from '../testing/required-tools.js';
import { waitFor } from '../testing/wait-for.js';
import { BucketMirror } from './bucket-mirror.js';
import { clusterStreamSchema, workerRecordSchema } from './cluster-records.js';
import { joinCluster } from './cluster-stores.js';
import { requestStream } from './stream-requests.js';
import { TestNats } from './testing/test-cluster.js';

const SOURCE = { type: 'file', path: '/srv/videos/clip.mp4', realtime: true } as const;

describe('a bucket mirror', { skip: missingTools('nats-server') }, () => {
  it('leaves out an entry that is not JSON, says so, and goes on seeing the entries after it', async () => {
    const nats = await TestNats.start();
    const stores = await joinCluster(clusterSettingsSchema.parse({ url: nats.url }), 'handflow test', { role: 'gateway' });
    const log = capturedLog('warn');
    const mirror = new BucketMirror(stores.streams, clusterStreamSchema, log.logger);
    try {
      await stores.streams.put('poison', 'not json');
      const before = await requestStream(stores, SOURCE, findProject('finger-counter', PROJECTS));
      await mirror.start();
      assert.equal(mirror.get(before.id)?.value.id, before.id, 'an entry written after the bad one, there at start');
      await stores.streams.put('poison-2', '{"id":');
      const after = await requestStream(stores, SOURCE, findProject('finger-counter', PROJECTS));
      await waitFor('an entry written after the watch started', () => mirror.get(after.id), 5000);
      assert.deepEqual([...mirror.all()].map(([key]) => key).sort(), [before.id, after.id].sort());
      // The second comes within 10 s of the first: counted, told with the next warning (see IgnoredLog).
      const warnings = log.records().map(({ key, msg, ignored }) => ({ key, msg, ignored }));
      assert.deepEqual(warnings, [{ key: 'poison', msg: 'an entry of the cluster is not JSON of the expected shape; ignored', ignored: 1 }]);
    } finally {
      mirror.close();
      await stores.connection.close();
      await nats.stop();
    }
  });

  it('forgets entries not written for forgetAfterMs (the server expires such keys without notice), and keeps those written since', async () => {
    const nats = await TestNats.start();
    const stores = await joinCluster(clusterSettingsSchema.parse({ url: nats.url }), 'handflow test', { role: 'gateway' });
    const mirror = new BucketMirror(stores.workers, workerRecordSchema, capturedLog('warn').logger, { forgetAfterMs: 1000 });
    const record = (id: string) => JSON.stringify({ id, host: 'h', pid: 1, maxStreams: 1, accepting: true, streams: {}, at: Date.now() });
    try {
      await mirror.start();
      await stores.workers.put('gone', record('gone'));
      await stores.workers.put('alive', record('alive'));
      await waitFor('both entries', () => (mirror.get('gone') && mirror.get('alive') ? true : undefined), 5000);
      const keepWriting = setInterval(() => void stores.workers.put('alive', record('alive')), 200);
      try {
        await waitFor('the entry no longer written to be forgotten', () => (mirror.get('gone') === undefined ? true : undefined), 3000);
        assert.deepEqual([...mirror.all()].map(([key]) => key), ['alive']);
      } finally {
        clearInterval(keepWriting);
      }
    } finally {
      mirror.close();
      await stores.connection.close();
      await nats.stop();
    }
  });
});
