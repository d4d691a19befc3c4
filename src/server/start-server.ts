import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { FastifyInstance } from 'fastify';

import { HandflowError } from '../core/errors.js';
import { loadOrCreateAccessToken, type AccessToken } from './access/access-token.js';
import { bindNeedsToken } from './access/bind-policy.js';
import { createServer, type ServerOptions } from './create-server.js';

/** The project's root folder, from this module's place in `dist/server/`. */
const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Where `npm install` builds the dashboard. */
export const DASHBOARD_FOLDER = join(PACKAGE_ROOT, 'web', 'dist');

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8787;

export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

export interface StartOptions extends Omit<ServerOptions, 'token' | 'bindHost'> {
  readonly host: string;
  readonly port: number;
  /** Where the access token is kept, for binds that need one. */
  readonly configFolder: string;
  /** Ask for the access token on a loopback bind too (a machine others log in to: any local user reaches it). */
  readonly requireToken?: boolean;
}

export interface RunningServer {
  readonly app: FastifyInstance;
  /** The dashboard's address (with the token, when one is needed). */
  readonly url: string;
  readonly token?: AccessToken;
}

/** Starts the server on `host:port`, with an access token when the bind is reachable from elsewhere, or when asked. */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const token = options.requireToken === true || bindNeedsToken(options.host) ? await loadOrCreateAccessToken(options.configFolder) : undefined;
  const app = await createServer({ ...options, bindHost: options.host, ...(token === undefined ? {} : { token: token.token }) });
  try {
    await app.listen({ host: options.host, port: options.port });
  } catch (error) {
    await app.close();
    throw cannotListen(error, options.host, options.port);
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `http://${host}:${port}/${token === undefined ? '' : `?token=${token.token}`}`;
  return { app, url, ...(token === undefined ? {} : { token }) };
}

/** Why the address cannot be bound, in the terms of the options that choose it. */
function cannotListen(error: unknown, host: string, port: number): unknown {
  const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  switch ((error as NodeJS.ErrnoException).code) {
    case 'EADDRINUSE':
      return new HandflowError('CANNOT_LISTEN', `port ${port} on ${host} is taken (another handflow, or another program, is listening on ${where}): stop it, or pick another port with --port N (0 picks a free one)`, { cause: error });
    case 'EADDRNOTAVAIL':
      return new HandflowError('CANNOT_LISTEN', `${host} is not an address of this machine: pick one of its addresses with --host (127.0.0.1, the default, or 0.0.0.0 for all)`, { cause: error });
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new HandflowError('CANNOT_LISTEN', `${host} is neither an IP address nor a name this machine can look up: pick one of its addresses with --host (127.0.0.1, the default, or 0.0.0.0 for all)`, { cause: error });
    case 'EACCES':
      return new HandflowError('CANNOT_LISTEN', `not allowed to listen on ${where} (ports below 1024 need special rights): pick a port of 1024 or above with --port N`, { cause: error });
    default:
      return error;
  }
}
