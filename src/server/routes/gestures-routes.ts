import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

import { gestureNameProblem, type GestureStore } from '../../inference/custom/gesture-store.js';
import { GESTURE_KINDS } from '../../inference/custom/gesture-kinds.js';
import { errorBodySchema } from '../error-schema.js';
import { gestureInfoSchema } from '../gestures/gesture-info.js';
import { recordFromSession } from '../gestures/record-samples.js';
import { RecordingSessions } from '../gestures/recording-sessions.js';
import type { Sessions } from '../sessions/server-session.js';

export interface GesturesRoutesOptions {
  readonly store: GestureStore;
  readonly sessions: Sessions;
}

const nameParams = z.strictObject({
  name: z.string().superRefine((name, context) => {
    const problem = gestureNameProblem(name);
    if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
  }),
});
const modelSchema = z.strictObject({
  kind: z.enum(GESTURE_KINDS),
  gestures: z.number().int(),
  samples: z.number().int(),
  k: z.number().int(),
  accuracy: z.number(),
  advice: z.string().optional().describe('why the accuracy is not worth reading yet, and what to record'),
});

/** Custom gestures: record samples from a running session, train, list, delete (the same file as `handflow gestures`). */
const gesturesRoutes: FastifyPluginAsyncZod<GesturesRoutesOptions> = async (app, { store, sessions }) => {
  const recordings = new RecordingSessions();
  app.get('/api/gestures', {
    schema: { summary: 'The custom gestures', tags: ['gestures'], response: { 200: z.strictObject({ gestures: z.array(gestureInfoSchema) }) } },
    handler: async () => ({ gestures: await store.list() }),
  });
  app.post('/api/gestures/:name/samples', {
    schema: {
      summary: "Record samples of a gesture from a running session's next frames",
      description: 'static: a hand pose from each frame with a hand; moving: the index fingertip path over the frames, as one sample. Answers when the frames are in.',
      tags: ['gestures'],
      params: nameParams,
      body: z.strictObject({
        sessionId: z.string().min(1).max(100),
        kind: z.enum(GESTURE_KINDS).default('static'),
        frames: z.number().int().min(1).max(300).default(30),
      }),
      response: { 200: gestureInfoSchema.extend({ added: z.number().int() }), 404: errorBodySchema, 409: errorBodySchema, 413: errorBodySchema, 422: errorBodySchema, 507: errorBodySchema },
    },
    handler: async (request) => {
      const { sessionId, kind, frames } = request.body;
      const session = sessions.get(sessionId);
      return recordings.one(session.id, async () => {
        await store.checkRecordable(request.params.name, kind);
        // Long enough for the frames at a slow 3 fps, so a stalled source answers rather than hangs.
        const recorded = await recordFromSession(sessions, session, kind, frames, 5000 + frames * 330);
        const gesture = await store.addSamples(request.params.name, kind, recorded);
        return { ...gesture, added: recorded.samples.length };
      });
    },
  });
  app.post('/api/gestures/train', {
    schema: { summary: 'Train every gesture; the sessions recognise them from then on', tags: ['gestures'], response: { 200: z.strictObject({ models: z.array(modelSchema) }), 413: errorBodySchema, 422: errorBodySchema, 507: errorBodySchema } },
    handler: async () => {
      const models = await store.train();
      await sessions.reloadGestures();
      return { models };
    },
  });
  app.delete('/api/gestures/:name', {
    schema: { summary: 'Forget a gesture and its samples', tags: ['gestures'], params: z.strictObject({ name: z.string().min(1).max(64) }), response: { 200: z.strictObject({ removed: z.string() }), 404: errorBodySchema, 507: errorBodySchema } },
    handler: async (request) => {
      await store.remove(request.params.name);
      await sessions.reloadGestures();
      return { removed: request.params.name };
    },
  });
};

export default gesturesRoutes;
