import type { IncomingHttpHeaders } from 'node:http';

import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';

import { closeAfterAnswer } from './close-after-answer.js';
import { ApiError, noRouteError, rawErrorResponse } from './errors.js';

/** How a request's body must keep coming. */
export interface BodyPace {
  /** Cut when no byte came for this long. */
  readonly stallMs: number;
  /** Cut when, this long after the request began, bytes came slower than `minBytesPerSecond` on average. */
  readonly graceMs: number;
  readonly minBytesPerSecond: number;
}

/**
 * A 512 MiB upload (the default largest) arrives at 16 KiB/s in 9 hours: any real link is faster. A client that
 * trickles a body to hold a connection (or an upload's share of the quota) must send that much to keep it.
 */
export const DEFAULT_BODY_PACE: BodyPace = { stallMs: 30_000, graceMs: 60_000, minBytesPerSecond: 16 * 1024 };

/** How often the pace is checked: once a second, or four times per stall period when that is shorter. */
const CHECK_EVERY_MS = 1000;
const TAKES_NO_BODY = new Set(['GET', 'HEAD', 'DELETE', 'OPTIONS']);

/**
 * A request's body must keep coming (see BodyPace). Node's `requestTimeout` stops counting once the headers are
 * in and Fastify turns it off anyway, so a body trickled a byte at a time would hold its connection, and an
 * upload's share of the quota, for ever. A body too slow is answered 408 (unless answered already), its
 * connection closed, and whoever reads it sees it fail with that error. A body sent where none is taken (a GET,
 * a path no route has) is never read: its connection closes once answered.
 */
const bodyPacePlugin: FastifyPluginAsync<{ readonly pace: BodyPace }> = async (app, { pace }) => {
  app.addHook('onRequest', async (request, reply) => {
    const body = request.raw;
    // Node marks a bodiless request complete only once it is read, after this hook: timing one would cut it
    // (408) when its answer takes longer than stallMs, and closing after answering would end a good connection.
    if (body.complete || !hasBody(body.headers)) return;
    if (TAKES_NO_BODY.has(request.method)) return closeAfterAnswer(reply);
    // Answered at once: the not-found answer would wait for the whole body first.
    if (request.routeOptions.url === undefined) {
      closeAfterAnswer(reply);
      throw noRouteError(request.method, request.url);
    }
    const socket = body.socket;
    const started = { at: performance.now(), bytes: socket.bytesRead };
    let last = { at: started.at, bytes: started.bytes };
    const check = setInterval(() => {
      const now = performance.now();
      const bytes = socket.bytesRead;
      if (bytes !== last.bytes) last = { at: now, bytes };
      const stalled = now - last.at >= pace.stallMs;
      const elapsed = now - started.at;
      const slow = elapsed >= pace.graceMs && ((bytes - started.bytes) * 1000) / elapsed < pace.minBytesPerSecond;
      if (stalled || slow) cut(stalled ? `no byte of it came for ${pace.stallMs / 1000} s` : `it came slower than ${pace.minBytesPerSecond / 1024} KiB/s`);
    }, Math.min(CHECK_EVERY_MS, pace.stallMs / 4));
    const cut = (why: string): void => {
      clearInterval(check);
      const late = new ApiError('REQUEST_TIMEOUT', `the request's body stopped arriving (${why}): send it again, on a faster connection`);
      if (!reply.raw.headersSent) socket.end(rawErrorResponse(late));
      body.destroy(late);
    };
    const stop = (): void => clearInterval(check);
    body.once('end', stop);
    body.once('close', stop);
  });
};

/** Whether a request has a body at all: HTTP/1.1 gives one only by a content-length above 0 or a transfer-encoding. */
function hasBody(headers: IncomingHttpHeaders): boolean {
  return headers['transfer-encoding'] !== undefined || (headers['content-length'] !== undefined && Number(headers['content-length']) !== 0);
}

export default fp(bodyPacePlugin, { name: 'handflow-body-pace' });
