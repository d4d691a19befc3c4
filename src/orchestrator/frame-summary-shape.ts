import { z } from 'zod';

import { HAND_LABELS } from '../extraction/hand-landmarker-result.js';

/*
 * A processed frame as clients draw it: the WebSocket's `frame` messages, and each frame's message on a cluster's
 * bus, whose readers check it against these schemas. The types are derived from them; the dashboard's bundle
 * imports the types only (through src/server/ws/protocol.ts).
 */

export type HandLabel = (typeof HAND_LABELS)[number];

/** One hand of a frame, for drawing. */
export const handSummarySchema = z
  .strictObject({
    label: z.enum(HAND_LABELS),
    confidence: z.number().min(0).max(1),
    /** The 21 landmarks in the frame's pixels (MediaPipe order: wrist, thumb 1-4, index 1-4, ... pinky 1-4). */
    landmarks: z.array(z.tuple([z.number(), z.number()]).readonly()).length(21).readonly(),
    /** Fingers held out, and which (thumb to pinky). */
    fingers: z.number().int().min(0).max(5).nullable(),
    fingerStates: z.array(z.boolean()).length(5).readonly().nullable(),
    /** The hand's pose: fist, open_palm, thumbs_up, ... or none. */
    gesture: z.string(),
    /** A custom gesture recognised on this hand, by its name. */
    custom: z.string().nullable(),
  })
  .readonly();

export type HandSummary = z.output<typeof handSummarySchema>;

/** Server -> client: one processed frame. */
export const frameSummarySchema = z
  .strictObject({
    channel: z.literal('frame'),
    sessionId: z.string(),
    frameNumber: z.number().int().min(0),
    timestampMs: z.number(),
    /** The frame's size: landmarks are in these pixels. */
    width: z.number().int().min(1),
    height: z.number().int().min(1),
    hands: z.array(handSummarySchema).readonly(),
    /** All hands' fingers together; null with no hand. */
    fingerCount: z.number().int().min(0).nullable(),
    /** The gesture to show: a custom one, else the surest pose, else none. */
    gesture: z.string(),
  })
  .readonly();

export type FrameSummary = z.output<typeof frameSummarySchema>;
