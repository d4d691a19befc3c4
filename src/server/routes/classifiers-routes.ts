import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

import { STATIC_GESTURES, SWIPE_GESTURES } from '../../inference/gesture-types.js';
import { BUILT_IN_CLASSIFIERS, type BuiltInClassifierName } from '../../inference/inference-config.js';
import type { GestureStore } from '../../inference/custom/gesture-store.js';

/** What each built-in classifier can report. */
const GESTURES_OF: Record<BuiltInClassifierName, readonly string[]> = {
  finger_count: ['finger_count'],
  static: STATIC_GESTURES,
  pinch: ['pinch'],
  swipe: SWIPE_GESTURES,
};

/** The classifiers a project can run: the built-in ones and the user's trained custom gestures. */
const classifiersRoutes: FastifyPluginAsyncZod<{ readonly store: GestureStore }> = async (app, { store }) => {
  app.get('/api/classifiers', {
    schema: {
      summary: 'The classifiers and the gestures each reports',
      tags: ['classifiers'],
      response: {
        200: z.strictObject({
          classifiers: z.array(z.strictObject({ name: z.string(), builtIn: z.boolean(), gestures: z.array(z.string()) })),
        }),
      },
    },
    handler: async () => {
      const custom = await store.list();
      const builtIn = BUILT_IN_CLASSIFIERS.map((name) => ({ name, builtIn: true, gestures: [...GESTURES_OF[name]] }));
      const learned = (['static', 'moving'] as const).flatMap((kind) => {
        const gestures = custom.filter((gesture) => gesture.kind === kind && gesture.trained).map((gesture) => gesture.name);
        return gestures.length === 0 ? [] : [{ name: kind === 'static' ? 'custom' : 'custom_motion', builtIn: false, gestures }];
      });
      return { classifiers: [...builtIn, ...learned] };
    },
  });
};

export default classifiersRoutes;
