import { resolve } from 'node:path';

import type { Logger } from 'pino';

import { errorMessage } from '../../core/errors.js';
import { isWithinAny } from '../../core/folder-roots.js';
import { TypedEmitter } from '../../core/typed-emitter.js';
import { redactUrl } from '../../core/redact-url.js';
import { checkActionPolicy, type ActionPolicy } from '../../output/actions/action-policy.js';
import type { ProjectCatalogue } from '../../projects/project-catalogue.js';
import type { BucketMirror } from '../../cluster/bucket-mirror.js';
import { ClusterMirrors } from '../../cluster/cluster-mirrors.js';
import {
  clusterStreamSchema,
  resumesAfterAcknowledged,
  streamLeaseSchema,
  streamProgressSchema,
  workerRecordSchema,
  type BusFrameMessage,
  type ClusterStream,
  type StreamLeaseValue,
} from '../../cluster/cluster-records.js';
import type { ClusterStores } from '../../cluster/cluster-stores.js';
import { EventsFollower } from '../../cluster/events-follower.js';
import { requestStop, requestStream } from '../../cluster/stream-requests.js';
import { ApiError } from '../errors.js';
import { checkSourceAccess, type SourceAccess } from '../../orchestrator/open-requested-source.js';
import { BusMessageFilter } from './bus-message-filter.js';
import type { ClusterStatus } from './cluster-status.js';
import type { SessionMetrics } from '../../orchestrator/session-shapes.js';
import { RECENT_ENDED_LISTED, type ServerSession, type SessionEnd, type Sessions, type SessionsEvents } from '../sessions/server-session.js';
import type { SessionService } from '../sessions/session-service.js';
import { describeSourceRequest, type SourceRequest } from '../../orchestrator/source-request.js';

/** Forgotten streams are looked for this often, or ten times in `keepEndedMs` when that is shorter. */
const PRUNE_INTERVAL_MS = 60_000;
/** How often streams asked to stop that nobody holds are looked for, and how long one stays so before it is ended here. */
const STOPS_CHECK_MS = 1000;

const NO_METRICS: SessionMetrics = { fps: 0, frames: { processed: 0, dropped: 0, errored: 0 }, stages: {} };

export interface ClusterSessionsOptions {
  readonly stores: ClusterStores;
  /** Browser camera sessions: their frames come to the gateway, so they run here; so do uploaded videos. */
  readonly local: SessionService;
  /** Where the gateway keeps uploads: on its own disk, which workers (on other machines) cannot read. */
  readonly uploadFolder: string;
  readonly projects: ProjectCatalogue;
  /** Folders a file stream may come from, hosts a URL stream may connect to: checked here, and again by the worker. */
  readonly sourceAccess: SourceAccess;
  /** What a project's actions may do: checked here, and again by the worker. */
  readonly actionPolicy: ActionPolicy;
  readonly leaseMs: number;
  /** Streams not ended, at most (`cluster.maxOpenStreams`). */
  readonly maxOpenStreams: number;
  /**
   * An ended stream is forgotten (by the cluster and here) this long after it ended: as long as the bus keeps its
   * events (`cluster.eventsMaxAgeHours`), so a client never has the events of a stream it cannot ask about.
   */
  readonly keepEndedMs: number;
  readonly logger: Logger;
}

/** A stream of the cluster as the server shows it: its state and metrics from what the workers report. */
interface RemoteSession extends ServerSession {
  readonly request: ClusterStream;
}

/**
 * `handflow serve --nats`: the server's sessions on a cluster. Server-side sources (files, cameras, streams) are
 * handed to workers through NATS; browser cameras and uploaded videos run in this process, as their frames and
 * files are here. The WebSocket
 * hears every cluster stream's frames and events from the bus (each frame once, and only what the stream's
 * holder sent: see BusMessageFilter), and the API lists streams waiting for a worker with room.
 */
export class ClusterSessions extends TypedEmitter<SessionsEvents> implements Sessions {
  private readonly remote = new Map<string, RemoteSession>();
  private readonly passing = new BusMessageFilter();
  private readonly mirrors: ClusterMirrors;
  private readonly requests: BucketMirror<typeof clusterStreamSchema>;
  private readonly leases: BucketMirror<typeof streamLeaseSchema>;
  private readonly progress: BucketMirror<typeof streamProgressSchema>;
  private readonly workers: BucketMirror<typeof workerRecordSchema>;
  private readonly lastMetrics = new Map<string, SessionMetrics>();
  /** Starts past the open-streams check and not yet remembered: they count as open (concurrent starts see them). */
  private starting = 0;
  private events: EventsFollower | undefined;
  private pruneTimer: NodeJS.Timeout | undefined;
  private stopsTimer: NodeJS.Timeout | undefined;
  private endingStops = false;
  /** Streams asked to stop that no worker holds, since when this gateway has seen them so. */
  private readonly stopsUnheld = new Map<string, number>();
  private closed = false;
  /** Whether the connection to NATS is up (it reconnects for ever). */
  private connected = true;

  private constructor(private readonly options: ClusterSessionsOptions) {
    super((error, event) => options.logger.error({ err: error, event }, 'a session listener threw'));
    const { stores, logger } = options;
    this.mirrors = new ClusterMirrors(stores, logger, options.leaseMs, {
      requests: (id) => this.requestChanged(id),
      progress: (id) => this.progressChanged(id),
      workers: () => this.keepMetrics(),
    });
    ({ requests: this.requests, leases: this.leases, progress: this.progress, workers: this.workers } = this.mirrors);
    const { local } = options;
    local.on('started', (session) => this.emit('started', session));
    local.on('frame', (session, summary, details) => this.emit('frame', session, summary, details));
    local.on('event', (session, event) => this.emit('event', session, event));
    local.on('error', (session, problem) => this.emit('error', session, problem));
    local.on('ended', (session, end) => this.emit('ended', session, end));
  }

  static async start(options: ClusterSessionsOptions): Promise<ClusterSessions> {
    const sessions = new ClusterSessions(options);
    await sessions.begin();
    return sessions;
  }

  list(): ServerSession[] {
    const remote = [...this.remote.values()];
    const running = remote.filter((session) => session.summary === undefined);
    const ended = remote.filter((session) => session.summary !== undefined).sort((a, b) => b.startedAt - a.startedAt).slice(0, RECENT_ENDED_LISTED);
    const local = this.options.local.list();
    return [...running, ...local.filter((session) => session.summary === undefined), ...ended, ...local.filter((session) => session.summary !== undefined)];
  }

  get(id: string): ServerSession {
    return this.remote.get(id) ?? this.options.local.get(id);
  }

  async start(source: SourceRequest, project: string): Promise<ServerSession> {
    if (this.closed) throw new ApiError('SHUTTING_DOWN', 'the server is shutting down: start the session again once it is back');
    if (source.type === 'browser' || (source.type === 'file' && isWithinAny(resolve(source.path), [resolve(this.options.uploadFolder)]))) {
      return this.options.local.start(source, project);
    }
    const open = [...this.remote.values()].filter((session) => session.summary === undefined).length + this.starting;
    if (open >= this.options.maxOpenStreams) {
      throw new ApiError('TOO_MANY_SESSIONS', `${open} cluster streams are running or waiting, the most this gateway takes (cluster.maxOpenStreams): stop one first (POST /api/sessions/{id}/stop)`);
    }
    this.starting += 1;
    try {
      return await this.options.projects.startWith(project, async (definition) => {
        checkActionPolicy(definition.name, definition.actions, this.options.actionPolicy);
        await checkSourceAccess(source, this.options.sourceAccess);
        const request = await onTheBus('the stream', () => requestStream(this.options.stores, source, definition));
        return this.remember(request);
      });
    } finally {
      this.starting -= 1;
    }
  }

  async stop(id: string): Promise<SessionEnd> {
    const session = this.remote.get(id);
    if (session === undefined) return this.options.local.stop(id);
    if (session.summary !== undefined) return session.summary;
    const ended = new Promise<SessionEnd>((resolve) => {
      const onEnded = (endedSession: ServerSession, end: SessionEnd): void => {
        if (endedSession.id !== id) return;
        this.off('ended', onEnded);
        resolve(end);
      };
      this.on('ended', onEnded);
    });
    await onTheBus('the stop', () => requestStop(this.options.stores, session.request));
    // A stream no worker holds is ended here; a held one, by its worker.
    if (this.holder(id) === undefined) await this.recordEnd(id, 'stopped');
    return ended;
  }

  /** Closes this server's own sessions and its link to the cluster; the cluster's streams run on. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.pruneTimer);
    clearInterval(this.stopsTimer);
    await this.options.local.close();
    this.events?.stop();
    this.mirrors.close();
    await this.options.stores.connection.drain().catch(() => undefined);
  }

  reloadGestures(): Promise<void> {
    return this.options.local.reloadGestures();
  }

  status(): ClusterStatus {
    const workers = [...this.workers.all()]
      .filter(([, entry]) => this.workers.ageOf(entry) < this.options.leaseMs)
      .map(([id, { value }]) => ({ id, host: value.host, streams: Object.keys(value.streams).length, maxStreams: value.maxStreams, accepting: value.accepting }));
    const states = [...this.remote.values()].map((session) => session.state());
    return { workers, waiting: states.filter((state) => state === 'waiting').length, running: states.filter((state) => state === 'running').length, connected: this.connected };
  }

  private async begin(): Promise<void> {
    await this.mirrors.start();
    this.events = await EventsFollower.start(this.options.stores, this.options.logger, (message, subject) => this.forward(message, subject));
    void this.watchConnection();
    this.pruneTimer = setInterval(() => void this.prune(), Math.min(PRUNE_INTERVAL_MS, this.options.keepEndedMs / 10));
    this.stopsTimer = setInterval(() => void this.endStopsNobodyHolds(), STOPS_CHECK_MS);
  }

  private async watchConnection(): Promise<void> {
    for await (const status of this.options.stores.connection.status()) {
      if (this.closed) continue;
      if (status.type === 'disconnect') {
        this.connected = false;
        this.options.logger.warn('lost NATS: reconnecting; streams cannot be started or stopped meanwhile');
      }
      if (status.type !== 'reconnect') continue;
      this.connected = true;
      this.options.logger.info('reconnected to NATS');
      this.mirrors.restart();
    }
  }

  /** Passes a frame and its events on to the WebSocket and the metrics, once each, if its stream's holder sent it. */
  private forward(message: BusFrameMessage, subject: string): void {
    const session = this.remote.get(message.stream);
    if (session === undefined) return;
    const standing = {
      lease: this.lease(message.stream),
      acknowledgedFrame: this.progress.get(message.stream)?.value.acknowledgedFrame ?? null,
      resumesAfterAcknowledged: resumesAfterAcknowledged(session.request),
    };
    const refusal = this.passing.refusal(message, subject, standing);
    if (refusal !== undefined) {
      this.options.logger.debug({ stream: message.stream, worker: message.worker, frame: message.frame, subject, refusal }, 'a message on the events stream was not passed on');
      return;
    }
    if (message.summary !== null) this.emit('frame', session, message.summary, { latencyMs: message.latencyMs ?? {} });
    for (const { event } of message.events) this.emit('event', session, event);
    for (const problem of message.errors) this.emit('error', session, problem);
  }

  private requestChanged(id: string): void {
    const entry = this.requests.get(id);
    if (entry !== undefined && !this.remote.has(id)) this.remember(entry.value);
    // Pruned, by this gateway or another (one with a shorter cluster.eventsMaxAgeHours): forgotten here too.
    if (entry === undefined && this.remote.get(id)?.summary !== undefined) this.forget(id);
  }

  private progressChanged(id: string): void {
    const session = this.remote.get(id);
    const ended = this.progress.get(id)?.value.ended;
    if (session === undefined || ended === undefined || session.summary !== undefined) return;
    if (ended.metrics !== undefined) this.lastMetrics.set(id, ended.metrics);
    session.summary = { reason: ended.reason };
    if (ended.message !== undefined) session.failure = ended.message;
    this.emit('ended', session, session.summary);
  }

  private keepMetrics(): void {
    for (const [, entry] of this.workers.all()) {
      for (const [id, metrics] of Object.entries(entry.value.streams)) {
        // An ended stream keeps its final metrics; a dead worker's last report would set older ones.
        const session = this.remote.get(id);
        if (session !== undefined && session.summary === undefined) this.lastMetrics.set(id, metrics);
      }
    }
  }

  /** The lease of a stream now, if any (one not renewed within its length is gone). */
  private lease(id: string): StreamLeaseValue | undefined {
    const lease = this.leases.get(id);
    return lease !== undefined && this.leases.ageOf(lease) < this.options.leaseMs ? lease.value : undefined;
  }

  /** The worker holding a stream now, if any. */
  private holder(id: string): string | undefined {
    return this.lease(id)?.worker;
  }

  private remember(request: ClusterStream): RemoteSession {
    const existing = this.remote.get(request.id);
    if (existing !== undefined) return existing;
    const ended = this.progress.get(request.id)?.value.ended;
    if (ended?.metrics !== undefined) this.lastMetrics.set(request.id, ended.metrics);
    const holder = (): string | undefined => this.holder(request.id);
    const session: RemoteSession = {
      id: request.id,
      request,
      source: request.source,
      label: describeSourceRequest(request.source, redactUrl),
      project: request.project,
      startedAt: request.createdAt,
      ...(ended === undefined ? {} : { summary: { reason: ended.reason } }),
      ...(ended?.message === undefined ? {} : { failure: ended.message }),
      get worker() {
        return holder();
      },
      state: () => (session.summary !== undefined ? 'ended' : holder() === undefined ? 'waiting' : 'running'),
      metrics: () => this.lastMetrics.get(request.id) ?? NO_METRICS,
      stop: () => void this.stop(request.id).catch((error: unknown) => this.options.logger.warn({ err: error, stream: request.id }, 'the stream could not be stopped')),
    };
    this.remote.set(request.id, session);
    if (ended === undefined) this.emit('started', session);
    return session;
  }

  /**
   * Ends the streams asked to stop that no worker holds any more: one whose worker was frozen or cut off when the
   * stop came gives the stream up unended once it is back (it lost the lease), and no worker takes a stream asked
   * to stop, so nobody else would. A worker that stops it itself writes its ending first (with its metrics), so
   * this waits a moment after the lease went.
   */
  private async endStopsNobodyHolds(): Promise<void> {
    // Cut off from NATS, every lease looks lapsed here; and one look at a time.
    if (!this.connected || this.endingStops) return;
    this.endingStops = true;
    try {
      await this.endUnheldStops();
    } finally {
      this.endingStops = false;
    }
  }

  private async endUnheldStops(): Promise<void> {
    const now = Date.now();
    for (const [id, session] of this.remote) {
      const unheldStop = session.summary === undefined && this.requests.get(id)?.value.stopRequested === true && this.holder(id) === undefined;
      if (!unheldStop) {
        this.stopsUnheld.delete(id);
        continue;
      }
      const since = this.stopsUnheld.get(id) ?? now;
      this.stopsUnheld.set(id, since);
      if (now - since < STOPS_CHECK_MS) continue;
      this.stopsUnheld.delete(id);
      await this.recordEnd(id, 'stopped').catch((error: unknown) => this.options.logger.warn({ err: error, stream: id }, 'a stopped stream\'s end could not be recorded'));
    }
  }

  private async recordEnd(id: string, reason: 'stopped'): Promise<void> {
    const acknowledgedFrame = this.progress.get(id)?.value.acknowledgedFrame ?? null;
    await this.options.stores.progress.put(id, JSON.stringify({ acknowledgedFrame, worker: 'gateway', ended: { reason, at: Date.now() } }));
  }

  /** Forgets streams that ended long ago, in the cluster and here. */
  private async prune(): Promise<void> {
    const now = Date.now();
    for (const [id, { value }] of this.progress.all()) {
      if (value.ended === undefined || now - value.ended.at < this.options.keepEndedMs) continue;
      await this.options.stores.streams.delete(id).catch(() => undefined);
      await this.options.stores.progress.delete(id).catch(() => undefined);
      this.forget(id);
    }
  }

  private forget(id: string): void {
    this.remote.delete(id);
    this.lastMetrics.delete(id);
    // Not when it ended: its last messages may come after the bucket said so.
    this.passing.forget(id);
  }
}

/** A request written to the cluster's buckets; one NATS did not take (it is away, or refused it) is the client's 503. */
async function onTheBus<T>(what: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    throw new ApiError('CLUSTER_UNAVAILABLE', `the cluster did not take ${what}: NATS said ${errorMessage(error)}. Is it up, and may the gateway's user write there? Try again once it is`);
  }
}
