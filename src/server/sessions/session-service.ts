import type { Logger } from 'pino';

import { TypedEmitter } from '../../core/typed-emitter.js';
import type { CapturedFrame } from '../../ingestion/captured-frame.js';
import type { FrameSource } from '../../ingestion/frame-source.js';
import { openPushedSource } from '../../ingestion/open-source.js';
import type { HandflowConfig } from '../../orchestrator/config.js';
import { newSessionId } from '../../orchestrator/session-id.js';
import type { PipelineSession, SessionSummary } from '../../orchestrator/session.js';
import type { EngineInference } from '../../inference/engine-inference.js';
import { SessionManager } from '../../orchestrator/session-manager.js';
import type { OutputEvent } from '../../output/events/output-event.js';
import type { FrameEvent, OutputSink } from '../../output/frame-event.js';
import type { ProjectCatalogue } from '../../projects/project-catalogue.js';
import type { ProjectDefinition } from '../../projects/projects.js';
import type { ActionSwitch } from '../action-switch.js';
import { ApiError } from '../errors.js';
import type { FrameSummary } from '../ws/protocol.js';
import { BrowserFrameFeeder } from './browser-frame-feeder.js';
import { frameSummary } from '../../orchestrator/frame-summary.js';
import { openRequestedSource, type SourceAccess } from '../../orchestrator/open-requested-source.js';
import { RECENT_ENDED_LISTED, type ServerSession, type Sessions, type SessionsEvents } from './server-session.js';
import { sessionMetrics } from '../../orchestrator/pipeline-metrics.js';
import { buildRequestedSession, clientView } from '../../orchestrator/requested-session.js';
import type { SourceRequest } from '../../orchestrator/source-request.js';

export interface SessionServiceOptions {
  /** The server's settings (file, environment): every session runs with them and its own project. */
  readonly config: HandflowConfig;
  /** Folders a file source may come from, hosts a URL source may connect to. */
  readonly sourceAccess: SourceAccess;
  /** The custom gestures shown live (a project's own, when it has some, instead). */
  readonly gesturesFile: string;
  /** Sessions running at once, at most. */
  readonly maxSessions: number;
  /** A browser session no client has sent a frame this long after its start is ended. */
  readonly firstFrameWaitMs: number;
  readonly projects: ProjectCatalogue;
  /** The arm/disarm switch every session's actions are put under. */
  readonly actions: ActionSwitch;
  readonly logger: Logger;
}

/** The service's events: as every `Sessions`, with each frame's event in full. */
type LocalSessionsEvents = Omit<SessionsEvents, 'frame'> & { frame: [ServerSession, FrameSummary, FrameEvent] };

/** A session of this process: its pipeline and inference engine at hand. */
interface LocalSession extends ServerSession {
  readonly pipeline: PipelineSession;
  readonly inference: EngineInference;
  summary?: SessionSummary;
}

/**
 * The server's sessions: starts them from a client's `{source, project}`, runs them side by side (one failing
 * ends alone), and tells listeners (the WebSocket, the metrics) of their frames, events, errors and ends.
 */
export class SessionService extends TypedEmitter<LocalSessionsEvents> implements Sessions {
  private readonly manager = new SessionManager();
  private readonly sessions = new Map<string, LocalSession>();
  private starting = 0;
  private closed = false;

  constructor(private readonly options: SessionServiceOptions) {
    super((error, event) => options.logger.error({ err: error, event }, 'a session listener threw'));
  }

  /** Running sessions first, then the recently ended. */
  list(): LocalSession[] {
    const all = [...this.sessions.values()];
    return [...all.filter((session) => session.summary === undefined), ...all.filter((session) => session.summary !== undefined).reverse()];
  }

  /** @throws ApiError SESSION_NOT_FOUND */
  get(id: string): LocalSession {
    const session = this.sessions.get(id);
    if (session === undefined) throw new ApiError('SESSION_NOT_FOUND', `no session "${id}": GET /api/sessions lists them (ended ones are kept for a while only)`);
    return session;
  }

  /**
   * Opens the source, loads the models and starts the session. Configuration problems are thrown here, as
   * ApiErrors: a file outside the allowed folders, a source that cannot be opened, an unknown project.
   */
  async start(source: SourceRequest, project: string): Promise<ServerSession> {
    if (this.closed) throw new ApiError('SHUTTING_DOWN', 'the server is shutting down: start the session again once it is back');
    if (this.running() + this.starting >= this.options.maxSessions) {
      throw new ApiError('TOO_MANY_SESSIONS', `${this.options.maxSessions} sessions are running, the most this server runs at once: stop one first (POST /api/sessions/{id}/stop)`);
    }
    this.starting += 1;
    try {
      return await this.options.projects.startWith(project, (definition) => this.open(source, definition));
    } finally {
      this.starting -= 1;
    }
  }

  /** Stops a session; resolves with its summary once it has ended. */
  async stop(id: string): Promise<SessionSummary> {
    const session = this.get(id);
    if (session.summary !== undefined) return session.summary;
    return new Promise((resolve) => {
      const onEnded = (ended: ServerSession): void => {
        if (ended.id !== id) return;
        this.off('ended', onEnded);
        resolve(session.summary!);
      };
      this.on('ended', onEnded);
      session.pipeline.stop();
    });
  }

  /** Stops every session (and so their ffmpeg processes) and refuses new ones: for shutdown. */
  async close(): Promise<void> {
    this.closed = true;
    await this.manager.stopAll();
  }

  /** Reloads the custom gestures every running session shows (after training). */
  async reloadGestures(): Promise<void> {
    await Promise.all([...this.sessions.values()].filter((session) => session.summary === undefined).map((session) => session.inference.reload()));
  }

  private running(): number {
    return this.manager.sessions.length;
  }

  private async open(request: SourceRequest, definition: ProjectDefinition): Promise<ServerSession> {
    const { config, logger, actions, gesturesFile } = this.options;
    const project = definition.name;
    const id = newSessionId();
    // The session's errors as its clients see them, in its error events and on the error channel alike.
    const { label, shownError } = clientView(request);
    const log = logger.child({ session: id });
    const { source, feeder } = await this.openSource(request, label);
    let session: LocalSession | undefined;
    // What a start that fails after the session is built must release: it owns the source, the models and the outputs.
    let release = (): Promise<unknown> => Promise.resolve();
    try {
      const broadcast = (event: OutputEvent): void => {
        if (session !== undefined) this.emit('event', session, event);
      };
      const built = await buildRequestedSession(source, {
        id,
        config,
        project: definition,
        shownGestures: gesturesFile,
        listeners: [{ listener: broadcast, name: 'broadcast' }],
        sinks: [this.displaySink(() => session)],
        // This session is among those starting: others run beside it when there are more.
        besideOthers: this.running() + this.starting > 1,
        errorsShown: shownError,
        logger,
      });
      const { session: pipeline, inference } = built;
      release = () => pipeline.discard();
      const detachActions = await actions.attach(built.output.actions);
      pipeline.on('end', detachActions);
      session = localSession({ id, source: request, label, project, startedAt: Date.now(), pipeline, inference, ...(feeder === undefined ? {} : { feeder }) });
    } catch (error) {
      await release();
      log.debug({ err: error }, 'the session could not be started');
      throw error;
    }
    const started = session;
    if (request.type !== 'browser') keepLatestFrame(source, (frame) => (started.latestFrame = frame));
    started.pipeline.on('error', (event) => this.emit('error', started, shownError(event)));
    this.sessions.set(id, started);
    if (feeder !== undefined) this.endUnlessFed(started, feeder);
    void this.manager.run(started.pipeline).then((summary) => {
      const ending = started.pipeline.endingError;
      if (ending !== undefined) started.failure = shownError(ending).message;
      this.ended(started, summary);
    });
    this.emit('started', started);
    return started;
  }

  private async openSource(request: SourceRequest, label: string): Promise<{ source: FrameSource; feeder?: BrowserFrameFeeder }> {
    const capture = this.options.config.capture;
    if (request.type !== 'browser') return { source: await openRequestedSource(request, capture, this.options.sourceAccess) };
    const { source, producer } = openPushedSource(label, capture);
    return { source, feeder: new BrowserFrameFeeder(producer) };
  }

  /** The dashboard's view of each frame, from the results the project's events come from. */
  private displaySink(current: () => LocalSession | undefined): OutputSink {
    return {
      write: (event) => {
        const session = current();
        if (session === undefined) return;
        const summary = frameSummary(session.id, event.frameNumber, event.extraction, event.inference);
        this.emit('frame', session, summary, event);
      },
    };
  }

  /** Ends a browser session whose client has sent no frame in time, saying why. */
  private endUnlessFed(session: LocalSession, feeder: BrowserFrameFeeder): void {
    const waitMs = this.options.firstFrameWaitMs;
    const timer = setTimeout(() => {
      if (feeder.claimed || session.summary !== undefined) return;
      session.failure = `no camera frame came within ${waitMs / 1000} s of the start: a browser session ends unless its client sends frames over the WebSocket (docs/websocket.md)`;
      session.pipeline.stop();
    }, waitMs);
    session.pipeline.on('end', () => clearTimeout(timer));
  }

  private ended(session: LocalSession, summary: SessionSummary): void {
    session.summary = summary;
    delete session.latestFrame;
    // Kept in the order sessions ended, so the oldest ended is forgotten first (not the first started).
    this.sessions.delete(session.id);
    this.sessions.set(session.id, session);
    this.emit('ended', session, summary);
    const ended = [...this.sessions.values()].filter((candidate) => candidate.summary !== undefined);
    for (const old of ended.slice(0, Math.max(0, ended.length - RECENT_ENDED_LISTED))) this.sessions.delete(old.id);
  }
}

/** A session of this process, with the methods the API calls on every session. */
function localSession(parts: Omit<LocalSession, 'state' | 'metrics' | 'stop'>): LocalSession {
  const session: LocalSession = {
    ...parts,
    state: () => parts.pipeline.state,
    metrics: () => {
      const snapshot = session.summary?.metrics ?? parts.pipeline.snapshot();
      const { frames } = snapshot;
      // A browser client's frames that never reached the pipeline: skipped before decoding, or not decodable.
      const counted = { ...frames, dropped: frames.dropped + (parts.feeder?.skipped ?? 0), errored: frames.errored + (parts.feeder?.errored ?? 0) };
      return sessionMetrics(snapshot, counted);
    },
    stop: () => parts.pipeline.stop(),
  };
  return session;
}

/**
 * Keeps the latest frame a session reads, for the annotated preview: frame events carry the hands, not the
 * image, and the session reads its frames through `getFrame` alone.
 */
function keepLatestFrame(source: FrameSource, keep: (frame: CapturedFrame) => void): void {
  const read = source.getFrame.bind(source);
  source.getFrame = async () => {
    const frame = await read();
    if (frame !== undefined) keep(frame);
    return frame;
  };
}
