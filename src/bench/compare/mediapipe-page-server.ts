import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the page finds each thing it loads, on the server's own origin. */
export const PAGE_ROUTES = {
  page: '/',
  script: '/mediapipe-page.js',
  visionBundle: '/tasks-vision/vision_bundle.mjs',
  wasmFolder: '/tasks-vision/wasm',
  task: '/hand_landmarker.task',
  frames: '/frames.rgba',
} as const;

const PAGE = `<!doctype html><meta charset="utf-8"><title>MediaPipe comparison</title><script type="module" src="${PAGE_ROUTES.script}"></script>`;

const CONTENT_TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm' };

/** The Tasks Vision files the page may load: its bundle and the WebAssembly builds of its graph runner. */
const TASKS_VISION_FILES = ['vision_bundle.mjs', ...['', '_nosimd', '_module'].flatMap((variant) => [`wasm/vision_wasm${variant}_internal.js`, `wasm/vision_wasm${variant}_internal.wasm`])];

export interface PageServer {
  /** The page's address, on 127.0.0.1. */
  readonly url: string;
  close(): Promise<void>;
}

export interface PageContent {
  /** The `.task` bundle of the models. */
  readonly task: Uint8Array;
  /** Every frame as RGBA, one after another. */
  readonly frames: Uint8Array;
}

/**
 * A local HTTP server for the comparison page: the page, its script, Tasks Vision's bundle and WebAssembly
 * straight from node_modules, the model bundle and the frames from memory. Nothing is fetched from anywhere else.
 */
export async function startPageServer(content: PageContent): Promise<PageServer> {
  const tasksVision = dirname(createRequire(import.meta.url).resolve('@mediapipe/tasks-vision'));
  const files = new Map<string, () => Promise<Uint8Array>>([
    [PAGE_ROUTES.page, async () => new TextEncoder().encode(PAGE)],
    [PAGE_ROUTES.script, () => readFile(join(dirname(fileURLToPath(import.meta.url)), 'mediapipe-page.js'))],
    [PAGE_ROUTES.task, async () => content.task],
    [PAGE_ROUTES.frames, async () => content.frames],
    ...TASKS_VISION_FILES.map((file): [string, () => Promise<Uint8Array>] => [`/tasks-vision/${file}`, () => readFile(join(tasksVision, file))]),
  ]);
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const body = files.get(path);
    if (request.method !== 'GET' || body === undefined) {
      response.writeHead(404).end();
      return;
    }
    body().then(
      (bytes) => {
        const extension = path === PAGE_ROUTES.page ? '.html' : path.slice(path.lastIndexOf('.'));
        response.writeHead(200, { 'content-type': CONTENT_TYPES[extension] ?? 'application/octet-stream', 'content-length': bytes.length });
        response.end(bytes);
      },
      (error: Error) => response.writeHead(500).end(error.message),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${PAGE_ROUTES.page}`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
