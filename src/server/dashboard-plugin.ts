import { existsSync } from 'node:fs';

import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';

import { markRoutesPublic } from './access/access-plugin.js';
import { ApiError } from './errors.js';

/** The dashboard's built files (`web/dist`, made by `npm install`), served at `/`. */
const dashboardPlugin: FastifyPluginAsync<{ readonly folder: string }> = async (app, { folder }) => {
  // The page and its scripts hold no data: the page takes the token from its address and sends it with every API call.
  markRoutesPublic(app);
  if (!existsSync(folder)) {
    app.get('/', async () => {
      throw new ApiError('NOT_AVAILABLE', `the dashboard is not built (no ${folder}): run "npm run build:web", or "npm install" again`);
    });
    return;
  }
  await app.register(fastifyStatic, { root: folder, index: 'index.html', wildcard: false });
};

export default dashboardPlugin;
