import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

import { CUSTOM_CLASSIFIER_OF, GESTURE_KINDS } from '../../inference/custom/gesture-kinds.js';
import type { GestureStore } from '../../inference/custom/gesture-store.js';
import { BUILT_IN_CLASSIFIERS } from '../../inference/inference-config.js';
import { GESTURE_NAMES_OF } from '../../output/actions/gesture-name.js';

/** The classifiers a project can run: the built-in ones and the user's trained custom gestures. */
const classifiersRoutes: FastifyPluginAsyncZod<{ readonly store: GestureStore }> = async (app, { store }) => {
  app.get('/api/classifiers', {
    schema: {
      summary: 'The classifiers and the gesture names each reports, as projects bind actions to them',
      tags: ['classifiers'],
      response: {
        200: z.strictObject({
          classifiers: z.array(z.strictObject({ name: z.string(), builtIn: z.boolean(), gestures: z.array(z.string()) })),
        }),
      },
    },
    handler: async () => {
      const custom = await store.list();
      const builtIn = BUILT_IN_CLASSIFIERS.map((name) => ({ name, builtIn: true, gestures: [...GESTURE_NAMES_OF[name]] }));
      const learned = GESTURE_KINDS.flatMap((kind) => {
        const gestures = custom.filter((gesture) => gesture.kind === kind && gesture.trained).map((gesture) => gesture.name);
        return gestures.length === 0 ? [] : [{ name: CUSTOM_CLASSIFIER_OF[kind], builtIn: false, gestures }];
      });
      return { classifiers: [...builtIn, ...learned] };
    },
  });
};

export default classifiersRoutes;
