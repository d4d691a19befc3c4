import { existsSync } from 'node:fs';
import { basename } from 'node:path';

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
  await app.register(fastifyStatic, {
    root: folder,
    index: 'index.html',
    wildcard: false,
    // The page is opened at an address holding the token: no cache, a proxy's included, keeps a copy of that visit.
    setHeaders: (reply, path) => {
      if (basename(path) === 'index.html') reply.header('cache-control', 'no-store');
    },
  });
};

export default dashboardPlugin;
