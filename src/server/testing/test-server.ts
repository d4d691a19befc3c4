import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import type { FastifyInstance } from 'fastify';

import { loadConfig } from '../../orchestrator/config.js';
import { createLogger } from '../../orchestrator/logger.js';
import { sharedData } from '../../testing/shared-data.js';
import { ActionSwitch } from '../action-switch.js';
import { ProjectCatalogue } from '../../projects/project-catalogue.js';
import { createServer, type ServerOptions } from '../create-server.js';
import { DASHBOARD_FOLDER, startServer } from '../start-server.js';

/** A real video with one open hand in it, from the shared test data. */
export const OPEN_HAND_VIDEO = 'mediapipe-samples/open_hand_video.mp4';

/**
 * A server's options for tests: the real pipeline and output stage, files allowed from the shared test data's
 * folder only, and its own scratch folder for uploads, gestures and the token (`removeScratch` deletes it).
 */
export async function testServerOptions(overrides: Partial<ServerOptions> = {}): Promise<ServerOptions & { readonly scratch: string; removeScratch(): void }> {
  const scratch = { path: mkdtempSync(join(tmpdir(), 'handflow-server-')) };
  const logger = createLogger(process.env.HANDFLOW_TEST_LOG === '1' ? 'error' : 'silent');
  const config = await loadConfig({ env: {}, cwd: scratch.path });
  return {
    scratch: scratch.path,
    removeScratch: () => rmSync(scratch.path, { recursive: true, force: true }),
    bindHost: '127.0.0.1',
    allowedOrigins: [],
    allowedHosts: [],
    config,
    fileFolders: [dirname(sharedData(OPEN_HAND_VIDEO))],
    uploadFolder: join(scratch.path, 'uploads'),
    maxUploadBytes: 1024 * 1024,
    maxUploadTotalBytes: 4 * 1024 * 1024,
    uploadMaxAgeMs: 60 * 60_000,
    deleteUploadsAfterSession: true,
    gesturesFile: join(scratch.path, 'handflow.gestures.json'),
    maxSessions: 2,
    previewIntervalMs: 100,
    dashboardFolder: DASHBOARD_FOLDER,
    version: 'test',
    projects: new ProjectCatalogue(config, join(scratch.path, 'handflow.config.json')),
    actions: new ActionSwitch(),
    logger,
    ...overrides,
  };
}

/** A test server; closing it removes its scratch folder. */
export async function testServer(overrides: Partial<ServerOptions> = {}): Promise<FastifyInstance> {
  const options = await testServerOptions(overrides);
  const app = await createServer(options);
  app.addHook('onClose', async () => options.removeScratch());
  return app;
}

/** A server's answer to a JSON request: its status and body. */
export interface JsonAnswer {
  readonly status: number;
  readonly body: { code?: string; message?: string; [key: string]: unknown };
}

/**
 * A test server listening on 127.0.0.1 (an unused port): `beforeStart` may prepare its upload folder;
 * `close` stops it and removes its scratch folder.
 */
export async function listeningTestServer(overrides: Partial<ServerOptions> = {}, beforeStart: (uploadFolder: string) => void = () => {}) {
  const options = await testServerOptions(overrides);
  beforeStart(options.uploadFolder);
  const server = await startServer({ ...options, host: '127.0.0.1', port: 0, configFolder: options.scratch });
  const url = new URL(server.url);
  return {
    base: url.origin,
    port: Number(url.port),
    uploadFolder: options.uploadFolder,
    gesturesFile: options.gesturesFile,
    scratch: options.scratch,
    close: async () => {
      await server.app.close();
      options.removeScratch();
    },
  };
}

/** Calls the API at `base` with a JSON body, if any. */
export async function callJson(base: string, method: string, path: string, body?: unknown): Promise<JsonAnswer> {
  const response = await fetch(`${base}${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as JsonAnswer['body'] };
}
