import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';

import { noRouteError, toApiError } from './errors.js';

/** Every error leaves as `{code, message}` with its status; internal faults are logged with their stack, never sent. */
const errorHandlerPlugin: FastifyPluginAsync = async (app) => {
  app.setErrorHandler((error, request, reply) => {
    const api = toApiError(error);
    if (api.code === 'INTERNAL') request.log.error({ err: error }, 'request failed');
    return reply.status(api.statusCode).send(api.toJSON());
  });
  app.setNotFoundHandler((request, reply) => {
    const api = noRouteError(request.method, request.url);
    return reply.status(api.statusCode).send(api.toJSON());
  });
};

export default fp(errorHandlerPlugin, { name: 'handflow-errors' });
