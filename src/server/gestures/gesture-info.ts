import { z } from 'zod';

import { GESTURE_KINDS } from '../../inference/custom/gesture-kinds.js';

/** A gesture as the API lists it (zod, no server code, so the dashboard can import its type). */
export const gestureInfoSchema = z.strictObject({
  name: z.string(),
  kind: z.enum(GESTURE_KINDS),
  samples: z.number().int(),
  trained: z.boolean().describe('trained since its samples last changed: recognised live'),
});
export type GestureInfo = z.output<typeof gestureInfoSchema>;
