import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';

import { ManagedProcess } from '../testing/managed-process.js';
import { missingTools } from '../testing/required-tools.js';
import { repoRoot } from '../testing/shared-data.js';
import { TestNats } from './testing/test-cluster.js';

const HANDFLOW = join(repoRoot, 'bin', 'handflow.js');

/** `handflow worker` run to its end (it ends only when it cannot join); its exit code and its output. */
async function workerThatFails(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; output: string }> {
  try {
    await promisify(execFile)(process.execPath, [HANDFLOW, 'worker', ...args], { env: { ...process.env, ...env }, timeout: 30_000 });
    return { code: 0, output: '' };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

describe('joining a cluster', { skip: missingTools('nats-server') }, () => {
  it('with the user and password of a locked server joins; without them, or with a wrong one, fails saying so', async () => {
    const nats = await TestNats.start({ extraArgs: ['--user', 'handflow', '--pass', 'correct horse'] });
    try {
      for (const env of [{}, { HANDFLOW_CLUSTER_USER: 'handflow', HANDFLOW_CLUSTER_PASSWORD: 'wrong' }]) {
        const { code, output } = await workerThatFails(['--nats', nats.url], env);
        assert.equal(code, 1);
        assert.match(output, /^handflow worker: cannot connect to NATS at nats:\/\/127\.0\.0\.1:\d+: .*(authorization|authentication).*credentials/im);
        assert.doesNotMatch(output, /\n\s+at /, 'no stack trace');
      }
      const worker = ManagedProcess.start(process.execPath, [HANDFLOW, 'worker', '--nats', nats.url], {
        env: { ...process.env, HANDFLOW_CLUSTER_USER: 'handflow', HANDFLOW_CLUSTER_PASSWORD: 'correct horse' },
      });
      await worker.waitForOutput(/joined the cluster/, 'the worker to join', 20_000);
      await worker.stop();
    } finally {
      await nats.stop();
    }
  });

  it('fails clearly when NATS is not there, has no JetStream, or the address is not a NATS one', async () => {
    const refused = await workerThatFails(['--nats', 'nats://127.0.0.1:1']);
    assert.equal(refused.code, 1);
    assert.match(refused.output, /cannot connect to NATS at nats:\/\/127\.0\.0\.1:1: .*Check that nats-server runs there/);
    const nats = await TestNats.start({ jetStream: false });
    try {
      const noJetStream = await workerThatFails(['--nats', nats.url]);
      assert.equal(noJetStream.code, 1);
      assert.match(noJetStream.output, /Is JetStream on \(nats-server -js\)/);
    } finally {
      await nats.stop();
    }
    const notNats = await workerThatFails(['--nats', 'http://127.0.0.1:4222']);
    assert.equal(notNats.code, 1);
    assert.match(notNats.output, /"http:\/\/127\.0\.0\.1:4222" is not a NATS server address: write nats:\/\/host:4222/);
  });
});
