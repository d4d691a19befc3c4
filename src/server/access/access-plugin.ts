import { timingSafeEqual } from 'node:crypto';

import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

import { closeAfterAnswer } from '../close-after-answer.js';
import { ApiError } from '../errors.js';
import { allowedHostNames, checkAllowedNames, hostHeaderName } from './host-policy.js';

export interface AccessOptions {
  /** The address the server listens on: decides which Host names it answers to (see `allowedHostNames`). */
  readonly bindHost: string;
  /** When set, every route not marked public needs it. */
  readonly token?: string;
  /** Origins besides the server's own that browsers may call from (`http://host:port`). */
  readonly allowedOrigins: readonly string[];
  /** Host names besides the bind address (and, on loopback, the loopback names) the server answers to. */
  readonly allowedHosts: readonly string[];
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A route that holds neither data nor controls (the dashboard's files, the API docs): no token needed. */
    readonly public?: boolean;
  }
}

/**
 * Marks every route registered in `app` (an encapsulated plugin) public. Everything else needs the token:
 * a route added later is guarded without anyone having to remember to.
 */
export function markRoutesPublic(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    route.config = { ...route.config, public: true };
  });
}

/**
 * Who may call: only by a Host name the server answers to (no DNS rebinding); a browser only from the server's
 * own origin (or one allowed), so another site cannot drive the server through the user's browser; and, on a
 * bind others can reach, only with the access token, given as `Authorization: Bearer <token>` or, where a
 * browser cannot set headers (WebSocket), `?token=`. The token is checked against the route the router
 * matched, after it decoded and normalised the path, so no spelling of a path reaches a route unchecked. No
 * other site may frame its pages (see BROWSER_GUARDS).
 */
const accessPlugin: FastifyPluginAsync<AccessOptions> = async (app, options) => {
  checkAllowedNames(options.allowedHosts, options.allowedOrigins);
  const expected = options.token === undefined ? undefined : Buffer.from(options.token);
  const hosts = allowedHostNames(options.bindHost, options.allowedHosts);
  // Every answer, refusals and the dashboard's files included.
  app.addHook('onSend', async (_request, reply) => {
    reply.headers(BROWSER_GUARDS);
  });
  app.addHook('onRequest', async (request, reply) => {
    try {
      checkAccess(request);
    } catch (error) {
      // Its body is never read: a client refused cannot hold the connection open by trickling one.
      closeAfterAnswer(reply);
      throw error;
    }
  });

  function checkAccess(request: FastifyRequest): void {
    const host = checkHost(request, hosts);
    checkOrigin(request, host, options.allowedOrigins);
    if (expected === undefined || request.routeOptions.config.public === true) return;
    // A request no route matched goes on to the not-found answer, which holds nothing.
    if (request.routeOptions.url === undefined) return;
    if (!tokenMatches(presentedToken(request), expected)) {
      throw new ApiError(
        'UNAUTHORIZED',
        'this server needs its access token: send "Authorization: Bearer <token>" or add ?token=<token> (it was printed when the server first started, and is kept in its config folder)',
      );
    }
  }
};

/**
 * What a browser must not do with the server's pages: show them in another site's frame (whose page could lay a
 * decoy over the arm switch: one click, and the actions are armed, since the framed page is the server's own
 * origin), read a file as another type than it is sent as, or tell other sites a URL (the dashboard's may hold
 * the token).
 */
const BROWSER_GUARDS = {
  'x-frame-options': 'DENY',
  'content-security-policy': "frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
} as const;

/** The request's Host name, refused unless the server answers to it. */
function checkHost(request: FastifyRequest, allowed: ReadonlySet<string> | undefined): string | undefined {
  const header = request.headers.host;
  const name = hostHeaderName(header);
  if (allowed === undefined) return name;
  if (name !== undefined && allowed.has(name)) return name;
  const names = [...allowed].map((host) => (host.includes(':') ? `[${host}]` : host));
  throw new ApiError(
    'HOST_NOT_ALLOWED',
    `this server does not answer to the host name "${header ?? ''}": open it as http://${names[0]}:<port>, or start it with --allow-host <name> to answer to another name`,
  );
}

function checkOrigin(request: FastifyRequest, hostName: string | undefined, allowed: readonly string[]): void {
  const origin = request.headers.origin;
  if (origin === undefined) return checkFetchSite(request);
  if (allowed.includes(origin)) return;
  let from: URL | undefined;
  try {
    from = new URL(origin);
  } catch {
    from = undefined;
  }
  // Same origin: the page was loaded from this server, by the very host and port the request is sent to; over
  // https when a TLS proxy is in front (the Host it sends is the name the page was opened by).
  const webScheme = from?.protocol === 'http:' || from?.protocol === 'https:';
  if (from !== undefined && webScheme && hostName !== undefined && from.host === request.headers.host?.toLowerCase()) return;
  throw new ApiError('ORIGIN_NOT_ALLOWED', `requests from the page at ${origin} are not allowed: open the dashboard from this server, or start it with --allow-origin ${origin}`);
}

/**
 * A browser sends no Origin with what a page loads by itself (an image, a script, a frame), but it says whose page
 * it is: another site's (`cross-site`, or `same-site`, which another port of this machine is) is refused. Only
 * following a link or typing the address (a top-level page) comes through: no GET changes anything, but some do
 * work (listing cameras runs ffmpeg), and a page should not make a visitor's browser do it.
 */
function checkFetchSite(request: FastifyRequest): void {
  const site = request.headers['sec-fetch-site'];
  if (site === undefined || site === 'same-origin' || site === 'none') return;
  if (request.headers['sec-fetch-mode'] === 'navigate' && request.headers['sec-fetch-dest'] === 'document') return;
  throw new ApiError('ORIGIN_NOT_ALLOWED', `what another site's page loads from this server is not allowed (Sec-Fetch-Site: ${String(site)}): open the dashboard from this server, or have the page fetch() from an origin given to --allow-origin`);
}

function presentedToken(request: FastifyRequest): string | undefined {
  // The scheme's name is case-insensitive (RFC 9110): `bearer` is as good as `Bearer`.
  const bearer = /^bearer +(.*)$/i.exec(request.headers.authorization ?? '');
  if (bearer !== null) return bearer[1]!.trim();
  const query = request.query as Record<string, unknown> | undefined;
  return typeof query?.token === 'string' ? query.token : undefined;
}

function tokenMatches(presented: string | undefined, expected: Buffer): boolean {
  if (presented === undefined) return false;
  const given = Buffer.from(presented);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export default fp(accessPlugin, { name: 'handflow-access' });
