import { extname } from 'node:path';
import type { Readable } from 'node:stream';

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

import { closeAfterAnswer } from '../close-after-answer.js';
import { errorBodySchema } from '../error-schema.js';
import { ApiError } from '../errors.js';
import type { Sessions } from '../sessions/server-session.js';
import { UploadRetention, type UploadRetentionOptions } from '../uploads/upload-retention.js';
import { MAX_UPLOADS, UploadStore, type UploadLimits } from '../uploads/upload-store.js';

export interface UploadsRoutesOptions {
  /** Where uploaded files go (a folder file sources may read). */
  readonly folder: string;
  readonly limits: UploadLimits;
  readonly retention: UploadRetentionOptions;
  /** The sessions reading uploads: an upload is kept while one does. */
  readonly sessions: Sessions;
}

const UPLOAD_TYPES = ['application/octet-stream', /^video\//, /^image\//];
const UPLOAD_TAKES = 'send the file itself as the body, with content-type video/*, image/* or application/octet-stream';

const uploadSchema = z.strictObject({
  name: z.string(),
  path: z.string().describe('the path to start a file session with'),
  bytes: z.number().int(),
  created: z.iso.datetime(),
  inUse: z.boolean().describe('a running session reads it: it cannot be deleted until that session ends'),
});
const nameParams = z.strictObject({
  name: z
    .string()
    .min(1)
    .max(255)
    .refine((name) => !/[/\\\0]/.test(name) && !name.includes('..'), 'the name of a file in the uploads folder (GET /api/uploads lists them), without /, \\ or ..'),
});

/**
 * File uploads for file sessions: the body is the file itself, streamed to disk (never held in memory), within
 * a limit per file and a quota for all (see UploadStore); listed and deleted by name, and deleted by
 * themselves when no longer needed (see UploadRetention).
 */
const uploadsRoutes: FastifyPluginAsyncZod<UploadsRoutesOptions> = async (app, { folder, limits, retention: retentionOptions, sessions }) => {
  const store = await UploadStore.open(folder, limits);
  const retention = new UploadRetention(store, sessions, retentionOptions, app.log);
  await retention.start();
  app.addHook('onClose', async () => retention.stop());

  for (const type of UPLOAD_TYPES) app.addContentTypeParser(type, (_request, payload, done) => done(null, payload));
  app.post('/api/uploads', {
    schema: {
      summary: 'Upload a video or image to start a file session on',
      description: `Send the file as the body (content-type video/*, image/* or application/octet-stream), at most ${limits.maxFileBytes} bytes, and all uploads kept at most ${limits.maxTotalBytes} bytes (each counting as at least 64 KiB) and ${MAX_UPLOADS} files. A Content-Length over either is refused before the body is read.`,
      tags: ['uploads'],
      querystring: z.object({ name: z.string().max(255).default('upload.mp4').describe("the file's name: its ending tells its format") }),
      response: { 201: z.strictObject({ path: z.string(), bytes: z.number().int() }), 413: errorBodySchema, 415: errorBodySchema },
    },
    // Every answer closes the connection: a refused body is never read, so the connection cannot carry another request.
    onRequest: async (request, reply) => {
      closeAfterAnswer(reply);
      if (!takesType(request.headers['content-type'])) throw new ApiError('UNSUPPORTED_MEDIA_TYPE', `an upload takes a video or image file: ${UPLOAD_TAKES}`);
    },
    handler: async (request, reply) => {
      const body = request.body as Readable | undefined;
      if (body === undefined || typeof body.pipe !== 'function') throw new ApiError('UNSUPPORTED_MEDIA_TYPE', `the upload has no body: ${UPLOAD_TAKES}`);
      const ending = extname(request.query.name).toLowerCase().replace(/[^.a-z0-9]/g, '').slice(0, 10);
      const declared = Number(request.headers['content-length']);
      const { path, bytes } = await store.add(body, ending, Number.isFinite(declared) ? declared : undefined);
      return reply.status(201).send({ path, bytes });
    },
  });
  app.get('/api/uploads', {
    schema: { summary: 'The uploads kept, and whether a running session reads each', tags: ['uploads'], response: { 200: z.strictObject({ uploads: z.array(uploadSchema), bytes: z.number().int(), maxBytes: z.number().int() }) } },
    handler: async () => {
      const inUse = await retention.readers();
      const uploads = store.list().map((upload) => ({ name: upload.name, path: upload.path, bytes: upload.bytes, created: new Date(upload.created).toISOString(), inUse: inUse(upload) }));
      return { uploads, bytes: store.usedBytes(), maxBytes: limits.maxTotalBytes };
    },
  });
  app.delete('/api/uploads/:name', {
    schema: {
      summary: 'Delete an upload no running session reads',
      tags: ['uploads'],
      params: nameParams,
      response: { 200: z.strictObject({ removed: z.string() }), 404: errorBodySchema, 409: errorBodySchema },
    },
    handler: async (request) => {
      const { name } = request.params;
      const upload = store.get(name);
      if (upload === undefined) throw new ApiError('UPLOAD_NOT_FOUND', `no upload "${name}": GET /api/uploads lists them`);
      if ((await retention.readers())(upload)) throw new ApiError('UPLOAD_IN_USE', `a running session reads ${name}: stop it first (POST /api/sessions/{id}/stop)`);
      await store.remove(name);
      return { removed: name };
    },
  });
};

function takesType(header: string | undefined): boolean {
  const type = (header ?? '').split(';')[0]!.trim().toLowerCase();
  return UPLOAD_TYPES.some((accepted) => (typeof accepted === 'string' ? accepted === type : accepted.test(type)));
}

export default uploadsRoutes;
