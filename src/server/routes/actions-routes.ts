import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

import type { ActionSwitch } from '../action-switch.js';
import { errorBodySchema } from '../error-schema.js';

const stateSchema = z.strictObject({ armed: z.boolean() });

/** The arm/disarm switch of every session's actions. */
const actionsRoutes: FastifyPluginAsyncZod<{ readonly actions: ActionSwitch }> = async (app, { actions }) => {
  const state = () => ({ armed: actions.armed });
  app.get('/api/actions', { schema: { summary: 'Whether actions are armed', tags: ['actions'], response: { 200: stateSchema } }, handler: async () => state() });
  app.post('/api/actions/arm', {
    schema: { summary: "Arm every session's actions: gestures act on the system", tags: ['actions'], response: { 200: stateSchema, 422: errorBodySchema } },
    handler: async () => {
      await actions.arm();
      return state();
    },
  });
  app.post('/api/actions/disarm', {
    schema: { summary: 'Disarm actions: gestures are only reported', tags: ['actions'], response: { 200: stateSchema } },
    handler: async () => {
      await actions.disarm();
      return state();
    },
  });
};

export default actionsRoutes;
