import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

import { errorBodySchema } from '../error-schema.js';
import { sessionInfo } from '../sessions/session-info.js';
import { sessionInfoSchema } from '../sessions/session-info-schema.js';
import type { Sessions } from '../sessions/server-session.js';
import { sourceRequestSchema } from '../../orchestrator/source-request.js';

export interface SessionsRoutesOptions {
  readonly sessions: Sessions;
  /** The project of a session started without one. */
  readonly defaultProject: string;
}

const idParams = z.strictObject({ id: z.string().min(1).max(100) });

/** Sessions: start one per source (several run at once), list them with their metrics, stop them. */
const sessionsRoutes: FastifyPluginAsyncZod<SessionsRoutesOptions> = async (app, { sessions, defaultProject }) => {
  app.get('/api/sessions', {
    schema: { summary: 'Running and recently ended sessions, with their metrics', tags: ['sessions'], response: { 200: z.strictObject({ sessions: z.array(sessionInfoSchema) }) } },
    handler: async () => ({ sessions: sessions.list().map(sessionInfo) }),
  });
  app.post('/api/sessions', {
    schema: {
      summary: 'Start a session on a source',
      description: 'A `browser` source takes frames sent over the WebSocket (see docs/websocket.md); a `file` must lie in a folder the server may read.',
      tags: ['sessions'],
      body: z.strictObject({ source: sourceRequestSchema, project: z.string().min(1).max(100).default(defaultProject) }),
      response: { 201: sessionInfoSchema, 403: errorBodySchema, 404: errorBodySchema, 422: errorBodySchema, 429: errorBodySchema },
    },
    handler: async (request, reply) => {
      const session = await sessions.start(request.body.source, request.body.project);
      return reply.status(201).send(sessionInfo(session));
    },
  });
  app.get('/api/sessions/:id', {
    schema: { summary: 'One session and its metrics', tags: ['sessions'], params: idParams, response: { 200: sessionInfoSchema, 404: errorBodySchema } },
    handler: async (request) => sessionInfo(sessions.get(request.params.id)),
  });
  app.post('/api/sessions/:id/stop', {
    schema: { summary: 'Stop a session; answers once it has ended', tags: ['sessions'], params: idParams, response: { 200: sessionInfoSchema, 404: errorBodySchema } },
    handler: async (request) => {
      await sessions.stop(request.params.id);
      return sessionInfo(sessions.get(request.params.id));
    },
  });
};

export default sessionsRoutes;
