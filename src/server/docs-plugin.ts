import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

import { markRoutesPublic } from './access/access-plugin.js';

/** OpenAPI from the routes' own schemas, and Swagger UI at `/api/docs` (its files come from the npm package, no CDN). */
const docsPlugin: FastifyPluginAsync<{ readonly version: string }> = async (app, { version }) => {
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'handflow',
        description: 'Hand gestures from cameras and videos, and gestures into actions. Errors are `{code, message}`; the live stream is the WebSocket at /ws (docs/websocket.md).',
        version,
      },
      components: { securitySchemes: { token: { type: 'http', scheme: 'bearer', description: 'needed when the server binds anything but 127.0.0.1' } } },
      security: [{ token: [] }],
    },
    transform: jsonSchemaTransform,
  });
  // The documentation describes the API and holds none of its data: readable without the token.
  await app.register(async (docs) => {
    markRoutesPublic(docs);
    await docs.register(swaggerUi, { routePrefix: '/api/docs' });
  });
};

export default fp(docsPlugin, { name: 'handflow-docs' });
