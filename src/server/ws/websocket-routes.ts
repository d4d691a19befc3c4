import type { FastifyPluginAsync } from 'fastify';
import type { WebSocket } from 'ws';

import { ApiError, toApiError } from '../errors.js';
import { droppedFrames, type ServerSession } from '../sessions/server-session.js';
import { latencyByStage } from '../sessions/session-info.js';
import type { SessionService } from '../sessions/session-service.js';
import { ClientConnection } from './client-connection.js';
import { parseClientMessage } from './client-message.js';
import { previewJpeg } from './preview-image.js';
import type { FrameSummary, MetricsMessage } from './protocol.js';
import { parseUploadFrame } from './upload-frame.js';

export interface WebSocketRoutesOptions {
  readonly sessions: SessionService;
  /** How often a subscribed server-side source's annotated preview is sent. */
  readonly previewIntervalMs: number;
}

const METRICS_INTERVAL_MS = 1000;

/**
 * `/ws`: subscribed sessions' frames, events, metrics and previews go out; browser camera frames come in. The
 * protocol is in protocol.ts and docs/websocket.md. Needs `@fastify/websocket` registered first (see createServer).
 */
const websocketRoutes: FastifyPluginAsync<WebSocketRoutesOptions> = async (app, { sessions, previewIntervalMs }) => {
  const clients = new Set<ClientConnection>();
  const latest = new Map<string, FrameSummary>();
  const encoding = new Set<string>();
  const previewed = new Map<string, number>();

  const subscribers = (sessionId: string) => [...clients].filter((client) => client.wants(sessionId));

  sessions.on('frame', (session, summary) => {
    latest.set(session.id, summary);
    for (const client of subscribers(session.id)) client.send(summary, 'skippable');
  });
  sessions.on('event', (session, event) => {
    for (const client of subscribers(session.id)) client.send({ channel: 'event', sessionId: session.id, event }, 'essential');
  });
  sessions.on('error', (session, { severity, stage, message }) => {
    for (const client of subscribers(session.id)) client.send({ channel: 'error', sessionId: session.id, severity, stage, message }, 'essential');
  });
  sessions.on('ended', (session, summary) => {
    latest.delete(session.id);
    previewed.delete(session.id);
    for (const client of subscribers(session.id)) client.send({ channel: 'session', sessionId: session.id, state: 'ended', reason: summary.reason }, 'essential');
  });

  const metricsTimer = setInterval(() => {
    for (const session of sessions.list()) {
      if (session.summary !== undefined) continue;
      const receivers = subscribers(session.id);
      if (receivers.length > 0) for (const client of receivers) client.send(metricsMessage(session), 'skippable');
    }
  }, METRICS_INTERVAL_MS);
  const previewTimer = setInterval(() => {
    for (const session of sessions.list()) void sendPreview(session);
  }, previewIntervalMs);
  app.addHook('onClose', async () => {
    clearInterval(metricsTimer);
    clearInterval(previewTimer);
  });

  /** One preview encoding per session at a time, of a frame not sent before. */
  async function sendPreview(session: ServerSession): Promise<void> {
    const frame = session.latestFrame;
    const receivers = [...clients].filter((client) => client.wantsPreview(session.id));
    if (frame === undefined || receivers.length === 0 || encoding.has(session.id) || previewed.get(session.id) === frame.frameNumber) return;
    encoding.add(session.id);
    try {
      const summary = latest.get(session.id);
      const hands = summary?.frameNumber === frame.frameNumber ? summary.hands : [];
      const { jpeg, width, height } = await previewJpeg(frame.frame, hands);
      previewed.set(session.id, frame.frameNumber);
      const header = { channel: 'preview' as const, sessionId: session.id, frameNumber: frame.frameNumber, width, height, bytes: jpeg.length };
      for (const client of receivers) client.send(header, 'skippable', jpeg);
    } catch (error) {
      app.log.warn({ err: error, session: session.id }, 'a preview could not be made');
    } finally {
      encoding.delete(session.id);
    }
  }

  app.get('/ws', { websocket: true, schema: { summary: 'The live WebSocket: see docs/websocket.md', tags: ['sessions'] } }, (socket: WebSocket) => {
    const client = new ClientConnection(socket);
    /** The browser sessions this client sends frames to: they end with it, rather than wait for frames forever. */
    const fed = new Set<string>();
    clients.add(client);
    socket.on('close', () => {
      clients.delete(client);
      for (const sessionId of fed) void sessions.stop(sessionId).catch(() => undefined);
    });
    socket.on('message', (data, isBinary) => {
      try {
        const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
        if (isBinary) return void fed.add(acceptUpload(bytes));
        const message = parseClientMessage(bytes.toString('utf8'));
        if (message.type === 'unsubscribe') return void client.subscriptions.delete(message.sessionId);
        const session = sessions.get(message.sessionId);
        client.subscriptions.set(session.id, { preview: message.preview === true });
        client.send({ channel: 'session', sessionId: session.id, state: session.summary === undefined ? 'running' : 'ended', ...(session.summary ? { reason: session.summary.reason } : {}) }, 'essential');
      } catch (error) {
        const { code, message } = toApiError(error);
        client.send({ channel: 'problem', code, message }, 'essential');
      }
    });
  });

  /** Hands a camera frame to its session's feeder; returns the session's id. */
  function acceptUpload(bytes: Buffer): string {
    const frame = parseUploadFrame(bytes);
    const session = sessions.get(frame.sessionId);
    if (session.feeder === undefined) throw new ApiError('INVALID_REQUEST', `session ${session.id} reads ${session.label}, not frames sent to it: start a session with source {"type":"browser"}`);
    if (session.summary !== undefined) throw new ApiError('SESSION_NOT_FOUND', `session ${session.id} has ended: start a new one`);
    session.feeder.offer(frame.jpeg, frame.timestampMs);
    return session.id;
  }
};

function metricsMessage(session: ServerSession): MetricsMessage {
  const snapshot = session.pipeline.snapshot();
  return { channel: 'metrics', sessionId: session.id, fps: snapshot.fps, frames: { ...snapshot.frames, dropped: droppedFrames(session) }, stages: latencyByStage(snapshot) };
}

export default websocketRoutes;
