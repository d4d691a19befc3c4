import { StreamHosts } from '../ingestion/stream-hosts.js';
import { actionPolicy } from '../output/actions/action-policy.js';
import { resolve } from 'node:path';

import websocket from '@fastify/websocket';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';

import { GestureStore } from '../inference/custom/gesture-store.js';
import { allowedFile } from '../orchestrator/allowed-file.js';
import type { HandflowConfig } from '../orchestrator/config.js';
import accessPlugin from './access/access-plugin.js';
import dashboardPlugin from './dashboard-plugin.js';
import docsPlugin from './docs-plugin.js';
import errorHandlerPlugin from './error-handler.js';
import { rawErrorResponse, toApiError, toClientError, type ApiError } from './errors.js';
import bodyPacePlugin, { DEFAULT_BODY_PACE, type BodyPace } from './body-pace.js';
import metricsRoutes from './metrics/metrics-routes.js';
import type { ActionSwitch } from './action-switch.js';
import type { ProjectCatalogue } from '../projects/project-catalogue.js';
import actionsRoutes from './routes/actions-routes.js';
import classifiersRoutes from './routes/classifiers-routes.js';
import gesturesRoutes from './routes/gestures-routes.js';
import healthRoutes from './routes/health-routes.js';
import projectsRoutes from './routes/projects-routes.js';
import sessionsRoutes from './routes/sessions-routes.js';
import uploadsRoutes from './routes/uploads-routes.js';
import type { ClusterStores } from '../cluster/cluster-stores.js';
import { ClusterSessions } from './cluster/cluster-sessions.js';
import clusterRoutes from './routes/cluster-routes.js';
import type { Sessions } from './sessions/server-session.js';
import { SessionService } from './sessions/session-service.js';
import { MAX_UPLOAD_FRAME_BYTES } from './ws/upload-frame.js';
import websocketRoutes from './ws/websocket-routes.js';

export interface ServerOptions {
  /** The address the server listens on (or is tested as): which Host names it answers to follows from it. */
  readonly bindHost: string;
  /** Required on any bind but 127.0.0.1: see `bindNeedsToken`. */
  readonly token?: string;
  readonly allowedOrigins: readonly string[];
  /** Host names the server answers to besides its bind address (see `allowedHostNames`). */
  readonly allowedHosts: readonly string[];
  /** The settings sessions run with (their project aside). */
  readonly config: HandflowConfig;
  /** Folders file sources may read; the upload folder is always one. */
  readonly fileFolders: readonly string[];
  /** Hosts URL sources may connect to (`--stream-host`). Defaults to any host. */
  readonly streamHosts?: StreamHosts;
  readonly uploadFolder: string;
  readonly maxUploadBytes: number;
  /** All uploads kept at once, at most. */
  readonly maxUploadTotalBytes: number;
  /** An upload no running session reads is deleted once this old. */
  readonly uploadMaxAgeMs: number;
  /** An upload is deleted when the session started on it ends. */
  readonly deleteUploadsAfterSession: boolean;
  readonly gesturesFile: string;
  readonly maxSessions: number;
  /** WebSocket clients connected at once, at most (default {@link DEFAULT_MAX_CONNECTIONS}). */
  readonly maxConnections?: number;
  /** How often WebSocket clients are pinged; one silent until the next ping is cut off (default {@link DEFAULT_PING_INTERVAL_MS}). */
  readonly pingIntervalMs?: number;
  /** How a request's body must keep coming (default {@link DEFAULT_BODY_PACE}). */
  readonly bodyPace?: BodyPace;
  /** A browser session no client has sent a frame this long after its start ends (default {@link DEFAULT_FIRST_FRAME_WAIT_MS}). */
  readonly firstFrameWaitMs?: number;
  readonly previewIntervalMs: number;
  readonly dashboardFolder: string;
  readonly version: string;
  readonly projects: ProjectCatalogue;
  readonly actions: ActionSwitch;
  readonly logger: Logger;
  /**
   * Run server-side sources on a NATS cluster's workers (`serve --nats`): its opened stores. The server closes
   * its connection when it closes.
   */
  readonly cluster?: ClusterStores;
}

/** Enough for a dashboard in every tab a person opens, and some scripts. */
export const DEFAULT_MAX_CONNECTIONS = 32;

/**
 * Time for a browser session's client to connect and send its first frame (a camera can take seconds to open):
 * one whose client went first (a closed tab, a crashed script) would otherwise hold its place for ever.
 */
export const DEFAULT_FIRST_FRAME_WAIT_MS = 30_000;

/** A vanished WebSocket client (a laptop gone to sleep) holds its place for a minute at most. */
export const DEFAULT_PING_INTERVAL_MS = 30_000;

/** JSON bodies larger than this are refused (no request of the API needs more). */
const JSON_BODY_LIMIT = 64 * 1024;

/**
 * A client must have sent a request's head this long after it connected or its last request ended (Node's 60 s,
 * checked every 30 s, let anyone, token or not, hold a socket for a minute and a half doing nothing).
 */
export const HEADERS_TIMEOUT_MS = 10_000;
/** Connections beyond the WebSocket clients': page loads, API calls and uploads under way. More are dropped. */
export const CONNECTIONS_BEYOND_WEBSOCKETS = 128;

/**
 * The server, each feature a plugin registered with its options; closing it (`app.close()`) stops the sessions,
 * their ffmpeg processes and the WebSocket clients.
 */
export async function createServer(options: ServerOptions): Promise<FastifyInstance> {
  const maxWebSockets = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    bodyLimit: JSON_BODY_LIMIT,
    forceCloseConnections: true,
    // A request without a Host is refused by the host check, with the one error shape (Node's own 400 has no body).
    http: { requireHostHeader: false, headersTimeout: HEADERS_TIMEOUT_MS, connectionsCheckingInterval: 1000 },
    // An idle kept-alive connection is closed after this (Fastify's 72 s is for load balancers in front of it).
    keepAliveTimeout: HEADERS_TIMEOUT_MS,
    return503OnClosing: true,
    // A line per request would drown the sessions' logs: requests that fail are logged by the error handler.
    logController: new LogController({ disableRequestLogging: true }),
    // Fastify's and Node's own refusals keep the one error shape, `{code, message}`.
    frameworkErrors: (error, _request, reply) => void sendApiError(reply as FastifyReply, toApiError(error)),
    clientErrorHandler: (error: NodeJS.ErrnoException, socket) => {
      if (error.code === 'ECONNRESET' || socket.destroyed) return;
      if (socket.writable) socket.write(rawErrorResponse(toClientError(error)));
      socket.destroy(error);
    },
  });
  // Sockets are file descriptors, which sessions need too (ffmpeg's pipes, uploads): past this many, new ones are dropped.
  app.server.maxConnections = maxWebSockets + CONNECTIONS_BEYOND_WEBSOCKETS;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // JSON only: a plain-text body is what another site's form could send without asking (see the origin check).
  app.removeContentTypeParser('text/plain');

  const sourceAccess = { folders: [options.uploadFolder, ...options.fileFolders], streamHosts: options.streamHosts ?? StreamHosts.ANY };
  const policy = actionPolicy(options.config.output);
  const local = new SessionService({
    config: options.config,
    sourceAccess,
    gesturesFile: options.gesturesFile,
    maxSessions: options.maxSessions,
    firstFrameWaitMs: options.firstFrameWaitMs ?? DEFAULT_FIRST_FRAME_WAIT_MS,
    projects: options.projects,
    actions: options.actions,
    logger: options.logger,
  });
  const cluster =
    options.cluster === undefined
      ? undefined
      : await ClusterSessions.start({ stores: options.cluster, local, uploadFolder: options.uploadFolder, projects: options.projects, sourceAccess, actionPolicy: policy, leaseMs: (await options.cluster.leases.status()).ttl, maxOpenStreams: options.config.cluster.maxOpenStreams, keepEndedMs: options.config.cluster.eventsMaxAgeHours * 3_600_000, logger: options.logger });
  const sessions: Sessions = cluster ?? local;
  // Sessions stop before the sockets close, so subscribers hear that their session ended.
  app.addHook('preClose', async () => sessions.close());
  // The server's own file, so no file yet is no gestures yet; its path is nobody's business over HTTP.
  const store = new GestureStore(options.gesturesFile, { shownAs: 'the gestures file', missingIsEmpty: true });

  try {
    await app.register(errorHandlerPlugin);
    await app.register(bodyPacePlugin, { pace: options.bodyPace ?? DEFAULT_BODY_PACE });
    // Before the access checks: its hooks must see an upgrade refused by them, to close the socket.
    await app.register(websocket, { options: { maxPayload: MAX_UPLOAD_FRAME_BYTES + 4096 } });
    await app.register(accessPlugin, {
      bindHost: options.bindHost,
      ...(options.token === undefined ? {} : { token: options.token }),
      allowedOrigins: options.allowedOrigins,
      allowedHosts: options.allowedHosts,
    });
    await app.register(docsPlugin, { version: options.version });
    await app.register(healthRoutes, { sessions, version: options.version, cluster: cluster !== undefined });
    await app.register(classifiersRoutes, { store });
    await app.register(projectsRoutes, { projects: options.projects, sessions, rules: { actions: policy, checkGesturesFile: gesturesFileCheck(options.gesturesFile, sourceAccess.folders) } });
    await app.register(sessionsRoutes, { sessions, defaultProject: options.config.project });
    await app.register(actionsRoutes, { actions: options.actions });
    await app.register(gesturesRoutes, { store, sessions });
    await app.register(uploadsRoutes, {
      folder: options.uploadFolder,
      limits: { maxFileBytes: options.maxUploadBytes, maxTotalBytes: options.maxUploadTotalBytes },
      retention: { maxAgeMs: options.uploadMaxAgeMs, deleteAfterSession: options.deleteUploadsAfterSession },
      sessions,
    });
    await app.register(metricsRoutes, { sessions, ...(cluster === undefined ? {} : { cluster }) });
    if (cluster !== undefined) await app.register(clusterRoutes, { cluster });
    await app.register(websocketRoutes, { sessions, actions: options.actions, previewIntervalMs: options.previewIntervalMs, maxConnections: maxWebSockets, pingIntervalMs: options.pingIntervalMs ?? DEFAULT_PING_INTERVAL_MS });
    await app.register(dashboardPlugin, { folder: options.dashboardFolder });
  } catch (error) {
    // A part that could not be set up (the uploads folder): the sessions' timers and the cluster's connection,
    // already under way, would keep the process up after it said why it did not start.
    await sessions.close().catch(() => undefined);
    throw error;
  }
  return app;
}

function sendApiError(reply: FastifyReply, error: ApiError): FastifyReply {
  return reply.status(error.statusCode).send(error.toJSON());
}

/**
 * A project saved by a client may read the server's own gestures file, or one the client could name as a source
 * (uploaded, or in a --files folder): never any other file of the server's.
 */
function gesturesFileCheck(serverGestures: string, folders: readonly string[]): (path: string) => Promise<void> {
  return async (path) => {
    if (resolve(path) !== resolve(serverGestures)) await allowedFile(path, folders);
  };
}
