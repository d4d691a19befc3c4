import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { DeliverPolicy } from '@nats-io/jetstream';
import { WebSocket } from 'ws';

import { ManagedProcess } from '../../testing/managed-process.js';
import { repoRoot } from '../../testing/shared-data.js';
import { waitFor } from '../../testing/wait-for.js';
import { busFrameMessageSchema, SENT_AT_HEADER } from '../cluster-records.js';
import { EVENTS_STREAM, joinCluster, type ClusterStores } from '../cluster-stores.js';
import { clusterSettingsSchema, type ClusterSettings } from '../../orchestrator/cluster-settings.js';

const HANDFLOW = join(repoRoot, 'bin', 'handflow.js');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A real nats-server with JetStream on loopback, its store in a scratch folder kept across restarts. */
export class TestNats {
  private process: ManagedProcess | undefined;
  private readonly storeDir = mkdtempSync(join(tmpdir(), 'handflow-nats-'));

  private constructor(
    readonly port: number,
    private readonly extraArgs: readonly string[],
    private readonly tls: boolean,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /**
   * `extraArgs`: more nats-server options (`--user`, `--pass`, `-c FILE`: the command line's address and store win
   * over the file's); `jetStream` false leaves JetStream off; `tls`: the server requires TLS (its configuration
   * file says how), so clients use a tls:// address; `env`: the server's environment (passwords a file refers to).
   */
  static async start({
    extraArgs = [],
    jetStream = true,
    tls = false,
    env = process.env,
  }: { extraArgs?: readonly string[]; jetStream?: boolean; tls?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<TestNats> {
    const nats = new TestNats(await freePort(), [...(jetStream ? ['-js'] : []), ...extraArgs], tls, env);
    await nats.startServer();
    return nats;
  }

  /** The server's process, while it runs. */
  get pid(): number | undefined {
    return this.process?.pid;
  }

  get url(): string {
    return `${this.tls ? 'tls' : 'nats'}://127.0.0.1:${this.port}`;
  }

  /** What the server printed so far (its log). */
  get output(): string {
    return (this.process?.stdout ?? '') + (this.process?.stderr ?? '');
  }

  /** Stops the server (SIGTERM: it shuts down as a restart would), then starts it again on its port and store. */
  async restart(downMs: number): Promise<void> {
    await this.process?.stop();
    await new Promise((resolve) => setTimeout(resolve, downMs));
    await this.startServer();
  }

  async stop(): Promise<void> {
    await this.process?.stop();
    rmSync(this.storeDir, { recursive: true, force: true });
  }

  private async startServer(): Promise<void> {
    this.process = ManagedProcess.start('nats-server', ['-a', '127.0.0.1', '-p', String(this.port), '-sd', this.storeDir, ...this.extraArgs], { env: this.env });
    await waitFor('nats-server to listen', async () => ((await this.accepts()) ? true : this.process!.failIfExited('listening')), 10_000);
  }

  private accepts(): Promise<boolean> {
    return new Promise((resolve) => {
      const socket = connect(this.port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
  }
}

/**
 * `handflow worker`, as a user starts it; `env` adds to its environment (credentials), `extraArgs` to its options.
 * Resolves once it joined.
 */
export async function startWorker(nats: TestNats, id: string, files: string, maxStreams = 2, env: NodeJS.ProcessEnv = {}, extraArgs: readonly string[] = []): Promise<ManagedProcess> {
  const worker = launchWorker(nats, id, files, maxStreams, env, extraArgs);
  await worker.waitForOutput(/joined the cluster/, `worker ${id} to join`, 20_000);
  return worker;
}

/** `handflow worker` started, not waited for: a worker waits for a gateway to set the cluster up before it joins. */
export function launchWorker(nats: TestNats, id: string, files: string, maxStreams = 2, env: NodeJS.ProcessEnv = {}, extraArgs: readonly string[] = []): ManagedProcess {
  const args = [HANDFLOW, 'worker', '--nats', nats.url, '--files', files, '--id', id, '--max-streams', String(maxStreams), '--log-level', 'info', ...extraArgs];
  return ManagedProcess.start(process.execPath, args, { env: { ...process.env, ...env } });
}

/** `handflow serve --nats`, as a user starts it (with `extraArgs` after the others); resolves with it and its address. */
export async function startGateway(nats: TestNats, files: string, env: NodeJS.ProcessEnv = {}, extraArgs: readonly string[] = []): Promise<{ gateway: ManagedProcess; url: string }> {
  const gateway = ManagedProcess.start(process.execPath, [HANDFLOW, 'serve', '--port', '0', '--nats', nats.url, '--files', files, '--log-level', 'warn', ...extraArgs], {
    env: { ...process.env, HOME: mkdtempSync(join(tmpdir(), 'handflow-gateway-home-')), ...env },
  });
  const [, url] = await gateway.waitForOutput(/dashboard at (http:\/\/127\.0\.0\.1:\d+)/, 'the gateway to listen', 20_000);
  return { gateway, url: url! };
}

/** One message as the bus kept it: which stream, frame and worker, and when the server stored it. */
export interface StoredMessage {
  readonly stream: string;
  readonly frame: number | null;
  readonly worker: string;
  readonly events: number;
  /** When the worker handed it to the bus (SENT_AT_HEADER), and when the server stored it. */
  readonly sentAtMs: number;
  readonly storedAtMs: number;
}

/** Every message on the events stream so far, read by a consumer of its own; `settings`: credentials, TLS. */
export async function readEvents(nats: TestNats, settings: Partial<ClusterSettings> = {}): Promise<StoredMessage[]> {
  const stores: ClusterStores = await joinCluster(clusterSettingsSchema.parse({ ...settings, url: nats.url }), 'test reader', { role: 'member' });
  try {
    const total = (await (await stores.js.streams.get(EVENTS_STREAM)).info()).state.messages;
    const consumer = await stores.js.consumers.get(EVENTS_STREAM, { deliver_policy: DeliverPolicy.All });
    const stored: StoredMessage[] = [];
    while (stored.length < total) {
      const batch = await consumer.fetch({ max_messages: Math.min(1000, total - stored.length), expires: 5000 });
      let got = 0;
      for await (const message of batch) {
        const body = busFrameMessageSchema.parse(message.json());
        const sentAtMs = Number(message.headers?.get(SENT_AT_HEADER));
        stored.push({ stream: body.stream, frame: body.frame, worker: body.worker, events: body.events.length, sentAtMs, storedAtMs: message.info.timestampNanos / 1e6 });
        got += 1;
      }
      if (got === 0) break;
    }
    return stored;
  } finally {
    await stores.connection.close();
  }
}

/** A message a gateway's WebSocket sent about a session: a frame, an event, an error, the session's state. */
export interface WatchedMessage {
  readonly channel: string;
  readonly sessionId?: string;
  readonly frameNumber?: number;
  readonly [field: string]: unknown;
}

/** A WebSocket client of a gateway subscribed to one session, keeping every message it gets about it. */
export class SessionWatcher {
  readonly messages: WatchedMessage[] = [];
  /** Messages that were not JSON objects (a frame of `null`), as they came. */
  readonly malformed: string[] = [];

  private constructor(private readonly socket: WebSocket) {}

  /** Resolves once subscribed (the gateway has answered with the session's state). */
  static async open(gatewayUrl: string, sessionId: string): Promise<SessionWatcher> {
    const socket = new WebSocket(`${gatewayUrl.replace(/^http/, 'ws')}/ws`);
    const watcher = new SessionWatcher(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => socket.send(JSON.stringify({ type: 'subscribe', sessionId, preview: false })));
      socket.once('error', reject);
      socket.on('message', (data) => {
        const message = JSON.parse(String(data)) as WatchedMessage | null;
        if (typeof message !== 'object' || message === null) return void watcher.malformed.push(String(data));
        if (message.sessionId !== sessionId) return;
        watcher.messages.push(message);
        if (message.channel === 'session') resolve();
      });
    });
    return watcher;
  }

  /** The frames received so far. */
  frames(): WatchedMessage[] {
    return this.messages.filter((message) => message.channel === 'frame');
  }

  close(): void {
    this.socket.close();
  }
}
