import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';

import { ApiError, rawErrorResponse } from './errors.js';

/**
 * A request's body must be in within `timeoutMs` of its start. Node's `requestTimeout` stops counting once the
 * headers are in, so a body trickled a byte at a time would hold its connection, and an upload's share of the
 * quota, for ever. Past the time the client is answered 408 (unless answered already), the connection closes,
 * and whoever reads the body sees it fail with that error.
 */
const bodyDeadlinePlugin: FastifyPluginAsync<{ readonly timeoutMs: number }> = async (app, { timeoutMs }) => {
  app.addHook('onRequest', async (request, reply) => {
    const body = request.raw;
    if (body.complete) return;
    const deadline = setTimeout(() => {
      if (body.complete) return;
      const late = new ApiError('REQUEST_TIMEOUT', `the request's body did not arrive within ${timeoutMs / 1000} s: send it again, on a faster connection`);
      if (!reply.raw.headersSent) body.socket.end(rawErrorResponse(late));
      body.destroy(late);
    }, timeoutMs);
    const stop = (): void => clearTimeout(deadline);
    body.once('end', stop);
    body.once('close', stop);
  });
};

export default fp(bodyDeadlinePlugin, { name: 'handflow-body-deadline' });
