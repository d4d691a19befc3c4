import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { WebSocket } from 'ws';

import { clusterSettingsSchema } from '../orchestrator/cluster-settings.js';
import { findProject, PROJECTS } from '../projects/projects.js';
import { ManagedProcess, stopAll } from '../testing/managed-process.js';
import { missingTools } from '../testing/required-tools.js';
import { scratchFolder } from '../testing/scratch.js';
import { repoRoot, sharedData } from '../testing/shared-data.js';
import { waitFor } from '../testing/wait-for.js';
import { connectCluster } from './cluster-connection.js';
import { CLUSTER_STREAMS, EVENTS_STREAM, joinCluster } from './cluster-stores.js';
import { requestStream } from './stream-requests.js';
import { launchWorker, readEvents, startGateway, TestNats } from './testing/test-cluster.js';

const HANDFLOW = join(repoRoot, 'bin', 'handflow.js');
const VIDEO = sharedData('mediapipe-samples/thumb_up_video.mp4');
// nats-server reads a variable a configuration refers to as a value of its own: a password with spaces would need
// quotes inside the variable.
const PASSWORDS = { GATEWAY_PASSWORD: 'gateway-secret-7f3a', WORKER_PASSWORD: 'worker-secret-91c2', CONSUMER_PASSWORD: 'consumer-secret-4be0' };
const BYSTANDER_PASSWORD = 'bystander-secret-05d1';

/** The nats-server configuration docs/deployment.md shows under "Locking it down", as a user would copy it. */
function documentedConfiguration(): string {
  const guide = readFileSync(join(repoRoot, 'docs', 'deployment.md'), 'utf8');
  const section = guide.slice(guide.indexOf('### Locking it down'));
  const block = /```\n(listen:[\s\S]*?)```/.exec(section);
  assert.ok(block, 'the guide shows a configuration under "Locking it down"');
  return block[1]!;
}

/** A CA, and certificates it signed for the server (127.0.0.1) and for each client, made with openssl. */
function makeCertificates(folder: string): void {
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: folder, stdio: 'ignore' });
  const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl('req', '-x509', ...ecKey, '-keyout', 'ca-key.pem', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=handflow test CA');
  for (const name of ['nats-server', 'gateway', 'worker', 'consumer']) {
    openssl('req', ...ecKey, '-keyout', `${name}-key.pem`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
    writeFileSync(join(folder, `${name}.ext`), 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n');
    openssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca-key.pem', '-CAcreateserial', '-out', `${name}.pem`, '-days', '2', '-extfile', `${name}.ext`);
  }
}

describe('the locked-down cluster of the deployment guide', { skip: missingTools('nats-server', 'openssl') }, () => {
  const scratch = scratchFolder('handflow-locked-nats-');
  const files = join(scratch.path, 'files');
  let nats: TestNats;
  const processes: ManagedProcess[] = [];
  let gatewayUrl = '';
  /** The cluster settings of one role, as its environment variables. */
  const role = (user: 'gateway' | 'worker', password: string) => ({
    HANDFLOW_CLUSTER_USER: user,
    HANDFLOW_CLUSTER_PASSWORD: password,
    HANDFLOW_CLUSTER_TLS_CA_FILE: join(scratch.path, 'ca.pem'),
    HANDFLOW_CLUSTER_TLS_CERT_FILE: join(scratch.path, `${user}.pem`),
    HANDFLOW_CLUSTER_TLS_KEY_FILE: join(scratch.path, `${user}-key.pem`),
  });

  before(async () => {
    makeCertificates(scratch.path);
    mkdirSync(files);
    copyFileSync(VIDEO, join(files, 'thumb_up.mp4'));
    // The guide's file with its certificate paths pointing here; its address and store folder are the test
    // server's own (given on its command line, which nats-server lets win over the file's address only).
    // One more user, not the guide's: one that may not follow the cluster's buckets.
    const configuration = documentedConfiguration()
      .replaceAll('/etc/handflow/', `${scratch.path}/`)
      .replace(/store_dir: [^,}]+,\s*/, '')
      .replace(/\n  \]\n\}/, `\n    { user: bystander, password: ${BYSTANDER_PASSWORD}, permissions: { publish: ["$JS.API.INFO", "$JS.API.STREAM.INFO.*", "_INBOX.>"], subscribe: ["_INBOX.>"] } }\n  ]\n}`);
    assert.match(configuration, /user: bystander/);
    const configFile = scratch.file('handflow-nats.conf', configuration);
    nats = await TestNats.start({ extraArgs: ['-c', configFile], tls: true, env: { ...process.env, ...PASSWORDS } });
  });
  after(async () => {
    await stopAll(processes);
    await nats?.stop();
  });

  it('runs a stream end to end with each role only what the guide grants it', async () => {
    // A worker may not create the cluster's streams: started first, it waits for the gateway to.
    const worker = launchWorker(nats, 'w1', files, 2, role('worker', PASSWORDS.WORKER_PASSWORD));
    processes.push(worker);
    const waiting = /the cluster is not set up yet \(no HANDFLOW_EVENTS, KV_handflow_streams, [^)]*\): waiting for a gateway/;
    await waitFor('the worker to wait for a gateway', () => waiting.exec(worker.stderr) ?? worker.failIfExited('waiting'), 20_000);
    const { gateway, url } = await startGateway(nats, files, role('gateway', PASSWORDS.GATEWAY_PASSWORD));
    processes.push(gateway);
    gatewayUrl = url;
    await worker.waitForOutput(/joined the cluster/, 'the worker to join once the gateway set the cluster up', 20_000);
    const response = await fetch(`${url}/api/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ source: { type: 'file', path: join(files, 'thumb_up.mp4'), realtime: false } }),
    });
    assert.equal(response.status, 201, await response.clone().text());
    const { id } = (await response.json()) as { id: string };
    const live = watchSession(url, id);
    const ended = await waitFor(
      'the stream to end',
      async () => {
        const { sessions } = (await (await fetch(`${url}/api/sessions`)).json()) as { sessions: { id: string; state: string; endReason?: string; metrics: { frames: { processed: number } } }[] };
        const session = sessions.find((each) => each.id === id);
        return session?.state === 'ended' ? session : undefined;
      },
      60_000,
    );
    assert.equal(ended.endReason, 'ended');
    const stored = await readEvents(nats, settingsOf('gateway'));
    const frames = new Set(stored.filter((message) => message.stream === id && message.frame !== null).map((message) => message.frame));
    assert.equal(frames.size, ended.metrics.frames.processed);
    assert.ok(frames.size > 150, `${frames.size} frames on the bus`);
    // The gateway, reading the bus as its user may, passed the frames on to a WebSocket client.
    const { framesSeen, endedSeen } = await live;
    assert.ok(endedSeen, 'the client heard the session end');
    assert.ok(framesSeen > 0, `${framesSeen} frames reached the WebSocket client`);
    // Nothing was refused on the way, the worker's leaving included: the guide's permissions are all the cluster needs.
    await worker.stop();
    assert.doesNotMatch(nats.output, /Violation/);
    for (const each of [worker, gateway]) assert.doesNotMatch(each.stdout + each.stderr, /NATS refuses/);
  });

  it('hands the stream of a worker stopped with Ctrl-C to another at once, the guide\'s permissions all it needs', async () => {
    const workers = ['w4', 'w5'].map((id) => launchWorker(nats, id, files, 2, role('worker', PASSWORDS.WORKER_PASSWORD)));
    processes.push(...workers);
    await Promise.all(workers.map((worker) => worker.waitForOutput(/joined the cluster/, 'a worker to join', 20_000)));
    const response = await fetch(`${gatewayUrl}/api/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ source: { type: 'file', path: join(files, 'thumb_up.mp4'), realtime: true } }),
    });
    const { id } = (await response.json()) as { id: string };
    const holderOf = async (): Promise<string | undefined> => ((await (await fetch(`${gatewayUrl}/api/sessions/${id}`)).json()) as { worker?: string }).worker;
    const first = await waitFor('a worker to take the stream', holderOf, 20_000);
    const [holder, other] = first === 'w4' ? workers : [workers[1]!, workers[0]!];
    const stoppedAt = Date.now();
    await holder!.stop(); // as Ctrl-C: it gives its streams up
    await waitFor('the other worker to take the stream', async () => ((await holderOf()) === (first === 'w4' ? 'w5' : 'w4') ? true : undefined), 20_000);
    const handoverMs = Date.now() - stoppedAt;
    assert.ok(handoverMs < 3000, `taken over ${handoverMs} ms after the stop, not at once (a lease is 5 s)`);
    assert.doesNotMatch(other!.stdout + other!.stderr, /NATS refuses/);
    await fetch(`${gatewayUrl}/api/sessions/${id}/stop`, { method: 'POST' });
  });

  it('lets the consumer user read the events, and nothing else', async () => {
    const settings = clusterSettingsSchema.parse({ url: nats.url, user: 'consumer', password: PASSWORDS.CONSUMER_PASSWORD, tlsCaFile: join(scratch.path, 'ca.pem'), tlsCertFile: join(scratch.path, 'consumer.pem'), tlsKeyFile: join(scratch.path, 'consumer-key.pem') });
    const refusals: string[] = [];
    const connection = await connectCluster(settings, 'an events reader', (message) => refusals.push(message));
    try {
      const js = jetstream(connection);
      const consumer = await js.consumers.get(EVENTS_STREAM, { deliver_policy: DeliverPolicy.All });
      const batch = await consumer.fetch({ max_messages: 20, expires: 5000 });
      let read = 0;
      for await (const message of batch) read += message.subject.startsWith('handflow.events.') ? 1 : 0;
      assert.equal(read, 20, 'it read the events');
      assert.equal(refusals.length, 0, refusals.join('\n'));
      // Not a worker's events, nor the cluster's state in the buckets.
      connection.publish('handflow.events.forged', 'not from a worker');
      await assert.rejects((await jetstreamManager(connection)).streams.info('KV_handflow_streams'), /Permissions Violation/);
      await waitFor('the refusal', () => (refusals.some((line) => line.includes('publish to handflow.events.forged')) ? true : undefined), 10_000);
    } finally {
      await connection.close();
    }
  });

  it('refuses a client without a certificate, one that does not trust the server, and a wrong password, saying what to give', async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ ...role('worker', PASSWORDS.WORKER_PASSWORD), HANDFLOW_CLUSTER_TLS_CERT_FILE: '', HANDFLOW_CLUSTER_TLS_KEY_FILE: '' }, /give this one's as cluster\.tlsCertFile and cluster\.tlsKeyFile/],
      [{ ...role('worker', PASSWORDS.WORKER_PASSWORD), HANDFLOW_CLUSTER_TLS_CA_FILE: '' }, /certificate is not trusted for this address: give the authority that signed it as cluster\.tlsCaFile/],
      [role('worker', 'wrong'), /Check that nats-server runs there \(with -js\), and the credentials/],
    ];
    for (const [env, advice] of cases) {
      const worker = ManagedProcess.start(process.execPath, [HANDFLOW, 'worker', '--nats', nats.url, '--files', files], { env: { ...process.env, ...withoutEmpty(env) } });
      processes.push(worker);
      await waitFor('the worker to give up', () => worker.failIfExited('giving up') ?? undefined, 30_000).catch(() => undefined);
      assert.equal(worker.isRunning, false);
      const output = worker.stdout + worker.stderr;
      assert.match(output, /handflow worker: cannot connect to NATS at tls:\/\/127\.0\.0\.1:\d+: /);
      assert.match(output, advice);
      assert.doesNotMatch(output, /\n\s+at /, 'no stack trace');
    }
  });

  it('refuses the gateway the events subjects (it cannot forge a worker\'s events), and says so in one line', async () => {
    const refusals: string[] = [];
    const connection = await connectCluster(clusterSettingsSchema.parse({ url: nats.url, ...settingsOf('gateway') }), 'handflow gateway', (message) => refusals.push(message));
    try {
      connection.publish('handflow.events.forged', 'not from a worker');
      await waitFor('the refusal', () => refusals[0], 10_000);
      assert.deepEqual(refusals, [
        'NATS refuses to let handflow gateway publish to handflow.events.forged: the cluster stalls or slows down until its NATS user may (the permissions in docs/deployment.md, "Locking it down")',
      ]);
    } finally {
      await connection.close();
    }
  });

  it('refuses a worker the stream requests (only the gateway asks for streams), and says so in one line', async () => {
    const refusals: string[] = [];
    const stores = await joinCluster(clusterSettingsSchema.parse({ url: nats.url, ...settingsOf('worker') }), 'handflow worker w2', { role: 'member', onRefused: (message) => refusals.push(message) });
    try {
      await assert.rejects(requestStream(stores, { type: 'file', path: join(files, 'thumb_up.mp4'), realtime: false }, findProject('finger-counter', PROJECTS)));
      await waitFor('the refusal', () => refusals[0], 10_000);
      // The client then reads the key back to see why, which a worker may not either: a line of its own.
      const forged = /^NATS refuses to let handflow worker w2 publish to \$KV\.handflow_streams\.(s-[0-9a-f]+): /.exec(refusals[0]!);
      assert.ok(forged, refusals[0]);
      assert.ok(refusals.length <= 2 && refusals.every((line) => !line.includes('\n')), refusals.join('\n'));
      const gateway = await joinCluster(clusterSettingsSchema.parse({ url: nats.url, ...settingsOf('gateway') }), 'handflow gateway', { role: 'gateway' });
      try {
        assert.equal(await gateway.streams.get(forged[1]!), null, 'no stream was asked for');
      } finally {
        await gateway.connection.close();
      }
    } finally {
      await stores.connection.close();
    }
  });

  it('refuses a worker JetStream\'s management: it cannot purge, delete or change the cluster\'s streams', async () => {
    const refusals: string[] = [];
    const stores = await joinCluster(clusterSettingsSchema.parse({ url: nats.url, ...settingsOf('worker') }), 'handflow worker w3', { role: 'member', onRefused: (message) => refusals.push(message) });
    try {
      const manager = await jetstreamManager(stores.connection);
      const before = await Promise.all(CLUSTER_STREAMS.map(async (name) => (await manager.streams.info(name)).state.messages));
      assert.ok(before[CLUSTER_STREAMS.indexOf('KV_handflow_streams')]! > 0, 'the streams bucket holds the first test\'s request');
      await assert.rejects(manager.streams.purge('KV_handflow_streams'), /Permissions Violation/);
      await assert.rejects(manager.streams.delete(EVENTS_STREAM), /Permissions Violation/);
      await assert.rejects(manager.streams.update(EVENTS_STREAM, { max_age: 1_000_000_000 }), /Permissions Violation/);
      await assert.rejects(manager.streams.add({ name: 'KV_handflow_streams', subjects: ['$KV.handflow_streams.>'] }), /Permissions Violation/);
      const afterwards = await Promise.all(CLUSTER_STREAMS.map(async (name) => (await manager.streams.info(name)).state.messages));
      assert.deepEqual(afterwards, before);
      assert.equal((await manager.streams.info(EVENTS_STREAM)).config.max_age, 24 * 3_600_000_000_000, 'the events keep the gateway\'s retention');
    } finally {
      await stores.connection.close();
    }
  });

  it('stops a worker whose user may not follow the buckets with one line saying so', async () => {
    const worker = ManagedProcess.start(process.execPath, [HANDFLOW, 'worker', '--nats', nats.url, '--files', files, '--id', 'bystander'], {
      env: { ...process.env, ...role('worker', BYSTANDER_PASSWORD), HANDFLOW_CLUSTER_USER: 'bystander' },
    });
    processes.push(worker);
    await waitFor('the worker to stop', () => (worker.isRunning ? undefined : true), 30_000);
    assert.match(worker.stderr, /handflow worker: NATS refused to let the worker follow the cluster's buckets: Permissions Violation for Publish to "\$JS\.API\.CONSUMER\.CREATE\.KV_handflow_/);
    assert.doesNotMatch(worker.stderr, /\n\s+at /, 'no stack trace');
  });

  /** A role's cluster settings, as the config file would give them. */
  function settingsOf(user: 'gateway' | 'worker') {
    const password = user === 'gateway' ? PASSWORDS.GATEWAY_PASSWORD : PASSWORDS.WORKER_PASSWORD;
    return { user, password, tlsCaFile: join(scratch.path, 'ca.pem'), tlsCertFile: join(scratch.path, `${user}.pem`), tlsKeyFile: join(scratch.path, `${user}-key.pem`) };
  }
});

/** A WebSocket client of the gateway subscribed to one session: how many frames it got, and whether it heard the end. */
function watchSession(gatewayUrl: string, sessionId: string): Promise<{ framesSeen: number; endedSeen: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${gatewayUrl.replace(/^http/, 'ws')}/ws`);
    let framesSeen = 0;
    const finish = (endedSeen: boolean) => {
      clearTimeout(timer);
      socket.close();
      resolve({ framesSeen, endedSeen });
    };
    const timer = setTimeout(() => finish(false), 60_000);
    socket.on('open', () => socket.send(JSON.stringify({ type: 'subscribe', sessionId, preview: false })));
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { channel: string; sessionId?: string; state?: string };
      if (message.sessionId !== sessionId) return;
      if (message.channel === 'frame') framesSeen += 1;
      if (message.channel === 'session' && message.state === 'ended') finish(true);
    });
    socket.on('error', reject);
  });
}

/** The variables set to something: an empty one stands for "not set". */
function withoutEmpty(env: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
}
