import type { EventEmitter } from 'node:events';

import type { FastifyPluginAsync } from 'fastify';
import type { RawData, WebSocket } from 'ws';

import type { ActionSwitch } from '../action-switch.js';
import { ApiError, toApiError } from '../errors.js';
import type { ServerSession } from '../sessions/server-session.js';
import type { Sessions } from '../sessions/server-session.js';
import { ClientConnection } from './client-connection.js';
import { parseClientMessage } from './client-message.js';
import { BYTES_PER_SECOND, ClientRateLimit, MESSAGES_PER_SECOND } from './client-rate-limit.js';
import { previewJpeg } from './preview-image.js';
import type { FrameSummary, MetricsMessage } from './protocol.js';
import { MAX_UPLOAD_FRAME_BYTES, parseUploadFrame } from './upload-frame.js';

export interface WebSocketRoutesOptions {
  readonly sessions: Sessions;
  /** The arm/disarm switch: every client hears its state on connecting and each time it changes. */
  readonly actions: ActionSwitch;
  /** How often a subscribed server-side source's annotated preview is sent. */
  readonly previewIntervalMs: number;
  /** Clients connected at once, at most: more are refused before the upgrade. */
  readonly maxConnections: number;
  /** How often clients are pinged; one that has not answered by the next ping is cut off. */
  readonly pingIntervalMs: number;
}

const METRICS_INTERVAL_MS = 1000;
/** The close code for a client that keeps sending over its rate limit. */
const CLOSE_POLICY_VIOLATION = 1008;

/**
 * `/ws`: subscribed sessions' frames, events, metrics and previews go out, and to every client whether actions are
 * armed; browser camera frames come in. The protocol is in protocol.ts and docs/websocket.md. Needs
 * `@fastify/websocket` registered first (see createServer).
 */
const websocketRoutes: FastifyPluginAsync<WebSocketRoutesOptions> = async (app, { sessions, actions, previewIntervalMs, maxConnections, pingIntervalMs }) => {
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

  // Essential: a client that missed a change would show actions off while they act.
  const tellArmed = (armed: boolean) => {
    for (const client of clients) client.send({ channel: 'actions', armed }, 'essential');
  };
  actions.on('changed', tellArmed);

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
  const pingTimer = setInterval(() => {
    for (const client of clients) if (!client.stillThere()) clients.delete(client);
  }, pingIntervalMs);
  app.addHook('onClose', async () => {
    actions.off('changed', tellArmed);
    clearInterval(metricsTimer);
    clearInterval(previewTimer);
    clearInterval(pingTimer);
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
      // Encoded from a copy: the session hands the frame's array back to its source for a later frame meanwhile.
      const { jpeg, width, height } = await previewJpeg({ ...frame.frame, data: frame.frame.data.slice() }, hands);
      previewed.set(session.id, frame.frameNumber);
      const header = { channel: 'preview' as const, sessionId: session.id, frameNumber: frame.frameNumber, width, height, bytes: jpeg.length };
      for (const client of receivers) client.send(header, 'skippable', jpeg);
    } catch (error) {
      app.log.warn({ err: error, session: session.id }, 'a preview could not be made');
    } finally {
      encoding.delete(session.id);
    }
  }

  const refuseOverCapacity = async (): Promise<void> => {
    if (clients.size < maxConnections) return;
    throw new ApiError('TOO_MANY_CONNECTIONS', `${maxConnections} WebSocket clients are connected, the most this server takes: close one, or connect again later`);
  };

  app.get('/ws', { websocket: true, preValidation: refuseOverCapacity, schema: { summary: 'The live WebSocket: see docs/websocket.md', tags: ['sessions'] } }, (socket: WebSocket) => {
    const client = new ClientConnection(socket);
    const limit = new ClientRateLimit();
    explainTooLarge(socket, client);
    /** The browser sessions this client sends frames to: they end with it, rather than wait for frames forever. */
    const fed = new Set<string>();
    clients.add(client);
    client.send({ channel: 'actions', armed: actions.armed }, 'essential');
    socket.on('close', () => {
      clients.delete(client);
      for (const sessionId of fed) void sessions.stop(sessionId).catch(() => undefined);
    });
    socket.on('message', (data, isBinary) => {
      if (socket.readyState !== socket.OPEN) return;
      const admission = limit.admit(messageSize(data));
      if (admission === 'limit') return void client.send({ channel: 'problem', code: 'RATE_LIMITED', message: RATE_LIMITED_MESSAGE }, 'essential');
      if (admission === 'close') return void client.close(CLOSE_POLICY_VIOLATION, 'too many messages');
      if (admission === 'drop') return;
      try {
        const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
        if (isBinary) return void fed.add(acceptUpload(bytes, client));
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

  /**
   * Hands a camera frame to its session's feeder (the client hears if it cannot be decoded), when the session is
   * this client's (@throws ApiError SESSION_IN_USE when another client feeds it); returns the session's id.
   */
  function acceptUpload(bytes: Buffer, client: ClientConnection): string {
    const frame = parseUploadFrame(bytes);
    const session = sessions.get(frame.sessionId);
    if (session.feeder === undefined) throw new ApiError('INVALID_REQUEST', `session ${session.id} reads ${session.label}, not frames sent to it: start a session with source {"type":"browser"}`);
    if (session.summary !== undefined) throw new ApiError('SESSION_NOT_FOUND', `session ${session.id} has ended: start a new one`);
    if (!session.feeder.claim(client)) throw new ApiError('SESSION_IN_USE', `session ${session.id} takes frames from the connection that sent its first frame, not this one: start a browser session of your own`);
    session.feeder.offer(frame.jpeg, frame.timestampMs, ({ code, message }) => client.send({ channel: 'problem', code, message }, 'essential'));
    return session.id;
  }
};

function metricsMessage(session: ServerSession): MetricsMessage {
  return { channel: 'metrics', sessionId: session.id, ...session.metrics() };
}

const RATE_LIMITED_MESSAGE = `too many messages: send at most ${MESSAGES_PER_SECOND} messages and ${BYTES_PER_SECOND / 1024 / 1024} MiB a second; until you slow down, messages are dropped unread, and a client that keeps on is disconnected (close code 1008)`;

function messageSize(data: RawData): number {
  return Array.isArray(data) ? data.reduce((total, part) => total + part.length, 0) : data.byteLength;
}

/**
 * ws closes a connection whose message passes its maxPayload (code 1009) before anything else hears of it;
 * its receiver's error comes just before that close, when the client can still be told why.
 */
function explainTooLarge(socket: WebSocket, client: ClientConnection): void {
  const receiver = (socket as unknown as { _receiver?: EventEmitter })._receiver;
  receiver?.prependListener('error', (error: { code?: string }) => {
    if (error.code !== 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') return;
    client.send({ channel: 'problem', code: 'BODY_TOO_LARGE', message: `a message was larger than ${MAX_UPLOAD_FRAME_BYTES} bytes, so the connection is closed (1009): send JPEG frames under that size` }, 'essential');
  });
}

export default websocketRoutes;
