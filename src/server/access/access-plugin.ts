import { timingSafeEqual } from 'node:crypto';

import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

import { ApiError } from '../errors.js';

export interface AccessOptions {
  /** When set, every API, WebSocket and metrics request must carry it. */
  readonly token?: string;
  /** Origins besides the server's own that browsers may call from (`http://host:port`). */
  readonly allowedOrigins: readonly string[];
}

/** What the token guards: the data and the controls. The dashboard's files and the API docs hold neither. */
const GUARDED = /^\/(api(?!\/docs)|ws|metrics)(\/|\?|$)/;

/**
 * Who may call: a browser only from the server's own origin (or one allowed), so another site cannot drive
 * the server through the user's browser; and, on a bind others can reach, only with the access token, given
 * as `Authorization: Bearer <token>` or, where a browser cannot set headers (WebSocket), `?token=`.
 */
const accessPlugin: FastifyPluginAsync<AccessOptions> = async (app, options) => {
  const expected = options.token === undefined ? undefined : Buffer.from(options.token);
  app.addHook('onRequest', async (request) => {
    checkOrigin(request, options.allowedOrigins);
    if (expected !== undefined && GUARDED.test(request.url) && !tokenMatches(presentedToken(request), expected)) {
      throw new ApiError(
        'UNAUTHORIZED',
        'this server needs its access token: send "Authorization: Bearer <token>" or add ?token=<token> (it was printed when the server first started, and is kept in its config folder)',
      );
    }
  });
};

function checkOrigin(request: FastifyRequest, allowed: readonly string[]): void {
  const origin = request.headers.origin;
  if (origin === undefined || allowed.includes(origin)) return;
  let host: string | undefined;
  try {
    host = new URL(origin).host;
  } catch {
    host = undefined;
  }
  if (host !== undefined && host === request.headers.host) return;
  throw new ApiError('ORIGIN_NOT_ALLOWED', `requests from the page at ${origin} are not allowed: open the dashboard from this server, or start it with --allow-origin ${origin}`);
}

function presentedToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim();
  const query = request.query as Record<string, unknown> | undefined;
  return typeof query?.token === 'string' ? query.token : undefined;
}

function tokenMatches(presented: string | undefined, expected: Buffer): boolean {
  if (presented === undefined) return false;
  const given = Buffer.from(presented);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export default fp(accessPlugin, { name: 'handflow-access' });
