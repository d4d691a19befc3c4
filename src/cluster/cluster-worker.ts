import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

import type { Logger } from 'pino';

import { errorMessage, HandflowError } from '../core/errors.js';
import { allowedFile } from '../orchestrator/allowed-file.js';
import type { HandflowConfig } from '../orchestrator/config.js';
import type { PipelineSession, SessionEndReason, SessionSummary } from '../orchestrator/session.js';
import type { SessionMetrics } from '../orchestrator/session-shapes.js';
import type { ProjectCatalogue } from '../projects/project-catalogue.js';
import { parseUserProject, type ProjectDefinition } from '../projects/projects.js';
import { openRequestedSource, type SourceAccess } from '../orchestrator/open-requested-source.js';
import { sessionMetrics } from '../orchestrator/pipeline-metrics.js';
import { buildRequestedSession, clientView } from '../orchestrator/requested-session.js';
import type { BucketMirror } from './bucket-mirror.js';
import { ClusterMirrors } from './cluster-mirrors.js';
import { clusterStreamSchema, firstFrameOfHold, streamLeaseSchema, streamProgressSchema, workerRecordSchema, type ClusterStream, type StreamProgress, type WorkerRecord } from './cluster-records.js';
import { joinCluster, type ClusterStores } from './cluster-stores.js';
import { KeepUpMonitor } from './keep-up-monitor.js';
import { StreamLease } from './stream-lease.js';
import { StreamPublisher } from './stream-publisher.js';

/** How often a worker looks for streams to take and reports itself. */
const TICK_MS = 1000;
/** How often a held stream's progress (its acknowledged frame) is written. */
const PROGRESS_INTERVAL_MS = 500;
/** The longest a worker keeps off a stream whose events the bus refused it. */
const MAX_REFUSED_WAIT_MS = 60_000;

/** What a worker's id may be: a key of the workers' bucket (NATS keys take letters, digits and -_.=/, no dot at either end). */
const WORKER_ID = /^(?!\.)[A-Za-z0-9_.-]{1,64}(?<!\.)$/;

export interface ClusterWorkerOptions {
  /** Every setting: the cluster section says where NATS is; the rest is what every session runs with. */
  readonly config: HandflowConfig;
  readonly projects: ProjectCatalogue;
  /** Folders file streams may come from (the same paths on every worker: shared storage), hosts URL streams may reach. */
  readonly sourceAccess: SourceAccess;
  /** Streams held at once, at most. */
  readonly maxStreams: number;
  readonly logger: Logger;
  /** Defaults to the host name and a random suffix. */
  readonly id?: string;
}

interface HeldStream {
  readonly request: ClusterStream;
  readonly lease: StreamLease;
  /** The number of this hold's first frame (firstFrameOfHold). */
  readonly firstFrame: number;
  session?: PipelineSession;
  publisher?: StreamPublisher;
  /** Why this worker gives the stream up without ending it: another worker resumes it. */
  abandoned?: string;
  readonly keepUp: KeepUpMonitor;
}

/**
 * `handflow worker`: takes streams from the cluster, one lease each, and runs each exactly as `run` and `serve`
 * do (`buildSession`), publishing every frame's hands and events on the bus. It takes a stream only while it has
 * room and every stream it holds keeps up, and preferably when no other worker holds fewer. A stream whose lease
 * is lost (this worker was cut off or frozen) is stopped without publishing another frame; one whose worker
 * died is taken by another, files resuming after their last acknowledged frame.
 */
export class ClusterWorker {
  readonly id: string;
  private readonly held = new Map<string, HeldStream>();
  private readonly claiming = new Set<string>();
  /** Streams this worker gave up because the bus refused their events: not taken again here until then. */
  private readonly refusedUntil = new Map<string, { until: number; times: number }>();
  /** Whether the connection to NATS is up: a publish that fails then was refused, not lost. */
  private connected = true;
  /** When this worker first saw each stream waiting, to stop deferring to emptier workers that never take it. */
  private readonly waitingSince = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private closing = false;
  private leaseMs = 0;
  private mirrors!: ClusterMirrors;
  private requests!: BucketMirror<typeof clusterStreamSchema>;
  private leases!: BucketMirror<typeof streamLeaseSchema>;
  private progress!: BucketMirror<typeof streamProgressSchema>;
  private workers!: BucketMirror<typeof workerRecordSchema>;

  private constructor(
    private readonly options: ClusterWorkerOptions,
    private readonly stores: ClusterStores,
  ) {
    this.id = options.id ?? `${hostname()}-${randomBytes(3).toString('hex')}`;
  }

  /** Connects, opens the cluster's stores and starts taking streams. @throws HandflowError CLUSTER_UNAVAILABLE, INVALID_OPTION */
  static async start(options: ClusterWorkerOptions): Promise<ClusterWorker> {
    // The id is the worker's key in the workers' bucket, which takes only these characters: another would fail every report.
    if (options.id !== undefined && !WORKER_ID.test(options.id)) {
      throw new HandflowError('INVALID_OPTION', `the worker id (--id) "${options.id}" may hold only letters, digits, "-", "_" and "." (not first or last), up to 64 of them`);
    }
    const stores = await joinCluster(options.config.cluster, `handflow worker ${options.id ?? hostname()}`, {
      role: 'member',
      onRefused: (message) => options.logger.warn(message),
      onWaiting: (message) => options.logger.warn(message),
    });
    try {
      const worker = new ClusterWorker(options, stores);
      await worker.begin();
      return worker;
    } catch (error) {
      await stores.connection.close();
      if (error instanceof HandflowError) throw error;
      throw new HandflowError(
        'CLUSTER_UNAVAILABLE',
        `NATS refused to let the worker follow the cluster's buckets: ${errorMessage(error)}. May its NATS user read them (docs/deployment.md, "Locking it down")?`,
        { cause: error },
      );
    }
  }

  /**
   * Stops taking streams and stops those held: ended ones are recorded; the others are given up at once, so
   * other workers resume them without waiting for the leases to run out.
   */
  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.timer);
    for (const stream of this.held.values()) this.abandon(stream, 'the worker is shutting down');
    while (this.held.size > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    this.mirrors.close();
    await this.stores.workers.delete(this.id).catch(() => undefined);
    await this.stores.connection.drain().catch(() => undefined);
  }

  private async begin(): Promise<void> {
    const { logger } = this.options;
    this.leaseMs = (await this.stores.leases.status()).ttl;
    const changed = (): void => void this.tick();
    this.mirrors = new ClusterMirrors(this.stores, logger, this.leaseMs, {
      requests: (key) => {
        const stream = this.held.get(key);
        if (stream !== undefined && this.requests.get(key)?.value.stopRequested !== false) stream.session?.stop();
        changed();
      },
    });
    ({ requests: this.requests, leases: this.leases, progress: this.progress, workers: this.workers } = this.mirrors);
    await this.mirrors.start();
    void this.watchConnection();
    this.timer = setInterval(() => void this.tick(), TICK_MS);
    await this.tick();
    logger.info({ worker: this.id, maxStreams: this.options.maxStreams, leaseMs: this.leaseMs }, 'the worker takes streams');
  }

  /** After NATS comes back, the watches are opened again (a restarted server forgot them). */
  private async watchConnection(): Promise<void> {
    for await (const status of this.stores.connection.status()) {
      if (status.type === 'reconnect') {
        this.connected = true;
        this.options.logger.info({ worker: this.id }, 'reconnected to NATS');
        this.mirrors.restart();
      } else if (status.type === 'disconnect') {
        this.connected = false;
        this.options.logger.warn({ worker: this.id }, 'lost NATS; streams held are given up if it is not back within a lease');
      }
    }
  }

  private async tick(): Promise<void> {
    if (this.closing) return;
    await this.report().catch((error: unknown) => this.options.logger.debug({ err: error }, 'the worker could not report itself'));
    const candidate = this.waitingStreams().find((request) => !this.claiming.has(request.id));
    if (candidate === undefined || !this.accepting() || !(this.fewestStreams() || this.waitedLong(candidate.id))) return;
    this.claiming.add(candidate.id);
    try {
      const lease = await StreamLease.claim(this.stores.leases, candidate.id, this.id, this.leaseMs);
      if (lease !== undefined && !this.closing) void this.runStream(candidate, lease);
      else await lease?.release();
    } finally {
      this.claiming.delete(candidate.id);
    }
  }

  /** Streams asked for, not ended, not stopped, that no one has held within a lease: oldest first. */
  private waitingStreams(): ClusterStream[] {
    const waiting: ClusterStream[] = [];
    const now = Date.now();
    for (const known of [this.waitingSince, this.refusedUntil]) for (const id of known.keys()) if (this.requests.get(id) === undefined) known.delete(id);
    for (const [id, { value: request }] of this.requests.all()) {
      const lease = this.leases.get(id);
      const open = !this.held.has(id) && !request.stopRequested && this.progress.get(id)?.value.ended === undefined;
      if (!open || (lease !== undefined && this.leases.ageOf(lease) < this.leaseMs)) {
        this.waitingSince.delete(id);
        continue;
      }
      if (!this.waitingSince.has(id)) this.waitingSince.set(id, now);
      if ((this.refusedUntil.get(id)?.until ?? 0) > now) continue;
      waiting.push(request);
    }
    return waiting.sort((a, b) => a.createdAt - b.createdAt);
  }

  /**
   * Whether a stream has waited two leases since this worker saw it free: the workers it defers to as emptier
   * (fewestStreams) have not taken it, whether they cannot (a user without the rights) or say so falsely.
   */
  private waitedLong(id: string): boolean {
    return Date.now() - (this.waitingSince.get(id) ?? Date.now()) > 2 * this.leaseMs;
  }

  /**
   * Keeps this worker off a stream whose events the bus refused it, longer each time (a lease, doubling to a
   * minute): another worker may be let publish them, and this one would only take the stream and fail again.
   */
  private refusedEvents(id: string): void {
    const times = (this.refusedUntil.get(id)?.times ?? 0) + 1;
    const waitMs = Math.min(this.leaseMs * 2 ** (times - 1), MAX_REFUSED_WAIT_MS);
    this.refusedUntil.set(id, { until: Date.now() + waitMs, times });
  }

  /** Room for one more, and every held stream keeps up. */
  private accepting(): boolean {
    return this.held.size < this.options.maxStreams && [...this.held.values()].every((stream) => stream.keepUp.keepsUp());
  }

  /** No other live, accepting worker holds fewer streams: so streams spread over the workers. */
  private fewestStreams(): boolean {
    for (const [id, entry] of this.workers.all()) {
      const other = entry.value;
      if (id === this.id || !other.accepting || this.workers.ageOf(entry) > this.leaseMs) continue;
      if (Object.keys(other.streams).length < this.held.size) return false;
    }
    return true;
  }

  private async report(): Promise<void> {
    const streams: Record<string, SessionMetrics> = {};
    for (const [id, stream] of this.held) {
      if (stream.session === undefined) continue;
      const snapshot = stream.session.snapshot();
      stream.keepUp.observe(snapshot.frames);
      streams[id] = sessionMetrics(snapshot);
    }
    const record: WorkerRecord = { id: this.id, host: hostname(), pid: process.pid, maxStreams: this.options.maxStreams, accepting: this.accepting(), streams, at: Date.now() };
    await this.stores.workers.put(this.id, JSON.stringify(record));
  }

  private async runStream(request: ClusterStream, lease: StreamLease): Promise<void> {
    const { logger, config } = this.options;
    const log = logger.child({ worker: this.id, stream: request.id });
    const stream: HeldStream = { request, lease, firstFrame: this.resumeFrame(request), keepUp: new KeepUpMonitor() };
    this.held.set(request.id, stream);
    lease.keep(() => this.abandon(stream, 'its lease was lost (this worker was cut off from NATS or stopped)'));
    let progressTimer: NodeJS.Timeout | undefined;
    try {
      const { source } = request;
      // The stream's errors as the gateway's clients see them, in its error events, its messages' errors and its end alike.
      const { label, shownError } = clientView(source);
      const resumeAt = stream.firstFrame;
      log.info({ source: label, resumeAt }, 'took the stream');
      const publisher = new StreamPublisher({
        js: this.stores.js,
        stream: request.id,
        worker: this.id,
        held: () => lease.held() && stream.abandoned === undefined,
        onFailure: (error) => {
          // NATS answered, and said no (a user without the events, no events stream): taking it again would fail again.
          // Without NATS at all, the stream is given up as ever, to be resumed once it is back.
          const refused = this.connected;
          if (refused) this.refusedEvents(request.id);
          this.abandon(stream, `the bus did not take its events (${errorMessage(error)})${refused ? '; not taken again here for a while' : ''}`);
        },
      });
      stream.publisher = publisher;
      let summary: SessionSummary;
      try {
        const project = await this.projectOf(request);
        const opened = await openRequestedSource(source, config.capture, this.options.sourceAccess, resumeAt);
        const built = await buildRequestedSession(opened, {
          id: request.id,
          config,
          project,
          listeners: [{ listener: publisher.listener, name: 'bus' }],
          sinks: [publisher.sink],
          besideOthers: this.held.size > 1, // this stream is among those held
          errorsShown: shownError,
          logger,
        });
        stream.session = built.session;
        built.session.on('error', (event) => publisher.reportError(shownError(event)));
        // Written before the first frame is, so that the next hold, should this one end before a progress is due,
        // numbers a live source's frames on past this hold's first (firstFrameOfHold, from this progress).
        await this.writeProgress(stream);
        progressTimer = setInterval(() => void this.writeProgress(stream), PROGRESS_INTERVAL_MS);
        if (stream.abandoned !== undefined || request.stopRequested) built.session.stop();
        summary = await built.session.run();
      } catch (error) {
        log.warn({ err: error }, 'the stream cannot run here');
        // A session built and never run still holds its source (ffmpeg) and models.
        await stream.session?.discard();
        await this.endStream(stream, 'failed', errorMessage(error));
        return;
      }
      clearInterval(progressTimer);
      await publisher.finish();
      if (stream.abandoned !== undefined) {
        log.warn({ reason: stream.abandoned, acknowledgedFrame: publisher.acknowledgedFrame }, 'gave the stream up; another worker resumes it');
        return;
      }
      const reason = this.requests.get(request.id)?.value.stopRequested === true ? 'stopped' : summary.reason;
      const ending = stream.session?.endingError;
      await this.endStream(stream, reason, ending && shownError(ending).message, sessionMetrics(summary.metrics));
      log.info({ reason, acknowledgedFrame: publisher.acknowledgedFrame }, 'the stream ended');
    } finally {
      clearInterval(progressTimer);
      await lease.release();
      this.held.delete(request.id);
    }
  }

  /**
   * The stream's project: a user's own as the gateway sent it, its gestures file held to the folders this worker
   * may read as a stream's file is (the gateway checked it against its own); a built-in one by name.
   */
  private async projectOf(request: ClusterStream): Promise<ProjectDefinition> {
    if (request.userProject === undefined) return this.options.projects.find(request.project);
    const project = parseUserProject(request.project, request.userProject);
    if (project.customGestures !== undefined) await allowedFile(project.customGestures, this.options.sourceAccess.folders);
    return project;
  }

  /** The first frame this hold publishes (see firstFrameOfHold). */
  private resumeFrame(request: ClusterStream): number {
    return firstFrameOfHold(request, this.progress.get(request.id)?.value);
  }

  /** Gives a stream up without ending it: nothing more is published, and its lease goes. */
  private abandon(stream: HeldStream, reason: string): void {
    if (stream.abandoned !== undefined) return;
    stream.abandoned = reason;
    stream.session?.stop();
  }

  private async writeProgress(stream: HeldStream, ended?: StreamProgress['ended']): Promise<void> {
    if (!stream.lease.held() || stream.abandoned !== undefined) return;
    const previous = this.progress.get(stream.request.id)?.value.acknowledgedFrame ?? null;
    const acknowledged = stream.publisher?.acknowledgedFrame ?? null;
    // The numbers a live hold skipped count as done: none is a frame to send again, and the next hold skips past them.
    const floor = Math.max(acknowledged ?? -1, previous ?? -1, stream.firstFrame - 1);
    // The bus took this hold's events: a refusal before is no reason to keep off the stream any longer.
    if (acknowledged !== null) this.refusedUntil.delete(stream.request.id);
    const progress: StreamProgress = {
      acknowledgedFrame: floor < 0 ? null : floor,
      worker: this.id,
      ...(ended === undefined ? {} : { ended }),
    };
    await this.stores.progress.put(stream.request.id, JSON.stringify(progress)).catch((error: unknown) => {
      this.options.logger.debug({ err: error, stream: stream.request.id }, 'progress not written');
    });
  }

  private async endStream(stream: HeldStream, reason: SessionEndReason, message?: string, metrics?: SessionMetrics): Promise<void> {
    await this.writeProgress(stream, { reason, at: Date.now(), ...(message === undefined ? {} : { message }), ...(metrics === undefined ? {} : { metrics }) });
  }
}
