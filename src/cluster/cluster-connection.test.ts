import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';

import { clusterSettingsSchema } from '../orchestrator/cluster-settings.js';
import { isHandflowError } from '../testing/handflow-error-assertion.js';
import { ManagedProcess } from '../testing/managed-process.js';
import { missingTools } from '../testing/required-tools.js';
import { scratchFolder } from '../testing/scratch.js';
import { repoRoot } from '../testing/shared-data.js';
import { waitFor } from '../testing/wait-for.js';
import { connectCluster } from './cluster-connection.js';
import { TestNats } from './testing/test-cluster.js';

const HANDFLOW = join(repoRoot, 'bin', 'handflow.js');

/** `handflow worker` run to its end (it ends only when it cannot join); its exit code and its output. */
function workerThatFails(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; output: string }> {
  return handflowThatFails(['worker', ...args], env);
}

/** A handflow command expected to fail: its exit code (null when it had to be killed after 30 s) and its output. */
async function handflowThatFails(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; output: string }> {
  try {
    await promisify(execFile)(process.execPath, [HANDFLOW, ...args], { env: { ...process.env, ...env }, timeout: 30_000 });
    return { code: 0, output: '' };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

describe('joining a cluster', { skip: missingTools('nats-server') }, () => {
  it('with the user and password of a locked server signs in; without them, or with a wrong one, fails saying so', async () => {
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
      // Signed in, it finds no gateway has set this cluster up yet, and waits for one.
      await waitFor('the worker to sign in', () => /waiting for a gateway/.exec(worker.stderr) ?? worker.failIfExited('signing in'), 20_000);
      await worker.stop();
    } finally {
      await nats.stop();
    }
  });

  it('a gateway that joined but cannot start (its HANDFLOW_HOME is a file) says why and exits, not kept up by its connection', async () => {
    const nats = await TestNats.start();
    const scratch = scratchFolder('handflow-gateway-fails-');
    try {
      const home = scratch.file('not-a-folder', 'a file\n');
      const { code, output } = await handflowThatFails(['serve', '--port', '0', '--nats', nats.url], { HANDFLOW_HOME: home });
      assert.equal(code, 1, output);
      assert.match(output, /handflow serve: cannot write .*not-a-folder\/uploads: part of the path is a file/);
    } finally {
      await nats.stop();
    }
  });

  it('refuses an address with credentials in it, without printing them, and says where they go', async () => {
    for (const address of ['nats://worker:pw-in-url@127.0.0.1:1', 'tls://token-in-url@127.0.0.1:1', 'nats://127.0.0.1:2,nats://a:b@pw-in-url@127.0.0.1:1', 'worker:pw-in-url@127.0.0.1:1']) {
      const { code, output } = await workerThatFails(['--nats', address]);
      assert.equal(code, 1);
      assert.match(output, /^handflow worker: the NATS address ((nats|tls):\/\/)?\*\*\*@127\.0\.0\.1:1 has credentials in it, .*the user as cluster\.user \(or HANDFLOW_CLUSTER_USER\) and the password in HANDFLOW_CLUSTER_PASSWORD, or a token in HANDFLOW_CLUSTER_TOKEN$/m);
      assert.doesNotMatch(output, /in-url/, 'the credentials are not printed');
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

  it('refuses a worker id the workers\' bucket cannot key, before connecting: it would join and never be seen', async () => {
    for (const id of ['a b*', '', 'x'.repeat(65), '.w', 'w.']) {
      const refused = await workerThatFails(['--nats', 'nats://127.0.0.1:1', '--id', id]);
      assert.equal(refused.code, 1);
      assert.match(refused.output, /the worker id \(--id\) ".*" may hold only letters, digits, "-", "_" and "\." \(not first or last\), up to 64 of them/, id);
    }
  });
});

/**
 * A server that speaks just enough NATS to be connected to, and offers no TLS (its INFO has no tls_required): an
 * impostor, or a downgrade by a man in the middle. It records everything clients send; `tellOfServers` makes its
 * INFO name other servers of its cluster, as a real cluster's does; `dropClients` cuts every connection.
 */
async function serverWithoutTls(tellOfServers: readonly string[] = []): Promise<{ url: (scheme: string) => string; received: () => string; dropClients: () => void; close: () => Promise<void> }> {
  let received = '';
  const clients = new Set<Socket>();
  const server: Server = createServer((socket) => {
    clients.add(socket);
    socket.once('close', () => clients.delete(socket));
    const connectUrls = tellOfServers.length === 0 ? '' : `,"connect_urls":${JSON.stringify(tellOfServers)}`;
    socket.write(`INFO {"server_id":"impostor","version":"2.10.0","proto":1,"host":"127.0.0.1","port":4222,"max_payload":1048576${connectUrls}}\r\n`);
    socket.on('data', (data) => {
      received += String(data);
      if (String(data).includes('PING')) socket.write('PONG\r\n');
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (scheme) => `${scheme}://127.0.0.1:${port}`,
    received: () => received,
    dropClients: () => clients.forEach((socket) => socket.destroy()),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('a password or token without TLS', () => {
  it('is refused for a server on another machine, before connecting, saying how to reach it safely', async () => {
    const cases = [
      { address: 'nats://192.0.2.10:4222', env: { HANDFLOW_CLUSTER_USER: 'worker', HANDFLOW_CLUSTER_PASSWORD: 's3cret-pw' }, secret: 'password' },
      { address: 'nats://127.0.0.1:4222,nats://nats.example:4222', env: { HANDFLOW_CLUSTER_TOKEN: 's3cret-token' }, secret: 'token' },
      { address: 'nats://[2001:db8::1]:4222', env: { HANDFLOW_CLUSTER_TOKEN: 's3cret-token' }, secret: 'token' },
    ];
    for (const { address, env, secret } of cases) {
      const { code, output } = await workerThatFails(['--nats', address], env);
      assert.equal(code, 1);
      assert.match(output, new RegExp(`^handflow worker: nats://\\S+ is not on this machine and not a TLS address, so the NATS ${secret} would cross the network in clear: write tls://\\S+ .*or sign in with an nkey \\(cluster\\.nkeySeedFile\\) or a creds file`, 'm'));
      assert.doesNotMatch(output, /cannot connect|s3cret/, `${address}: refused before any connection, without printing the secret`);
    }
  });

  it('to a server on this machine goes to it alone, not to the servers its cluster tells of', async () => {
    const toldOf = await serverWithoutTls();
    const local = await serverWithoutTls([toldOf.url('nats').replace('nats://', '')]);
    try {
      const connection = await connectCluster(clusterSettingsSchema.parse({ url: local.url('nats'), user: 'worker', password: 's3cret-worker-pw' }), 'handflow test');
      try {
        assert.match(local.received(), /CONNECT .*s3cret-worker-pw/);
        local.dropClients();
        await waitFor('the client to connect again', () => ((local.received().match(/CONNECT/g) ?? []).length >= 2 ? true : undefined), 10_000);
        assert.equal(toldOf.received(), '', 'nothing reached a server only the cluster named');
      } finally {
        await connection.close();
      }
    } finally {
      await local.close();
      await toldOf.close();
    }
  });
});

describe('a cluster address that asks for TLS', () => {
  it('refuses a server without TLS, sends it no credentials, and says why', async () => {
    const impostor = await serverWithoutTls();
    try {
      for (const settings of [
        { url: impostor.url('tls'), user: 'worker', password: 's3cret-worker-pw' },
        { url: impostor.url('nats'), token: 's3cret-token', tlsCaFile: '/nonexistent/ca.pem' },
      ]) {
        const refusal = await connectCluster(clusterSettingsSchema.parse(settings), 'handflow test').then(
          async (connection) => void (await connection.close()),
          (error: unknown) => error,
        );
        assert.ok(refusal !== undefined, `connected to a server that offers no TLS (${settings.url})`);
        isHandflowError('CLUSTER_UNAVAILABLE', /^cannot connect to NATS at .*: .*tls.*The server does not offer TLS, which a tls:\/\/ address or a cluster\.tls\* file requires/)(refusal);
        assert.doesNotMatch(impostor.received(), /s3cret|CONNECT/, 'nothing was sent to a server without TLS');
      }
    } finally {
      await impostor.close();
    }
  });
});
