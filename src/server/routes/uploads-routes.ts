import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

import { errorBodySchema } from '../error-schema.js';
import { ApiError } from '../errors.js';

export interface UploadsRoutesOptions {
  /** Where uploaded files go (a folder file sources may read). */
  readonly folder: string;
  readonly maxBytes: number;
}

const UPLOAD_TYPES = ['application/octet-stream', /^video\//, /^image\//];

/**
 * File uploads for file sessions: the body is the file itself, streamed to disk (never held in memory) and cut
 * off past `maxBytes`. The answer names the path to start a session with.
 */
const uploadsRoutes: FastifyPluginAsyncZod<UploadsRoutesOptions> = async (app, { folder, maxBytes }) => {
  for (const type of UPLOAD_TYPES) app.addContentTypeParser(type, (_request, payload, done) => done(null, payload));
  app.post('/api/uploads', {
    bodyLimit: maxBytes,
    schema: {
      summary: 'Upload a video or image to start a file session on',
      description: `Send the file as the body (content-type video/*, image/* or application/octet-stream), at most ${maxBytes} bytes.`,
      tags: ['sessions'],
      querystring: z.object({ name: z.string().max(255).default('upload.mp4').describe("the file's name: its ending tells its format") }),
      response: { 201: z.strictObject({ path: z.string(), bytes: z.number().int() }), 413: errorBodySchema, 415: errorBodySchema },
    },
    handler: async (request, reply) => {
      const body = request.body as NodeJS.ReadableStream | undefined;
      if (body === undefined || typeof body.pipe !== 'function') throw new ApiError('UNSUPPORTED_MEDIA_TYPE', 'send the file as the body with content-type video/*, image/* or application/octet-stream');
      const ending = extname(request.query.name).toLowerCase().replace(/[^.a-z0-9]/g, '').slice(0, 10);
      await mkdir(folder, { recursive: true });
      const path = join(folder, `${Date.now()}-${randomBytes(4).toString('hex')}${ending}`);
      let bytes = 0;
      const limit = new Transform({
        transform(chunk: Buffer, _encoding, next) {
          bytes += chunk.length;
          if (bytes > maxBytes) next(new ApiError('BODY_TOO_LARGE', `the file is larger than ${maxBytes} bytes, the most this server takes: send a shorter clip`));
          else next(null, chunk);
        },
      });
      try {
        await pipeline(body, limit, createWriteStream(path));
      } catch (error) {
        await rm(path, { force: true });
        throw error;
      }
      return reply.status(201).send({ path, bytes });
    },
  });
};

export default uploadsRoutes;
