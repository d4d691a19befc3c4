import type { GestureType } from './gesture-types.js';

/** What a gesture event is about. */
export interface GestureState {
  gesture: GestureType;
  /** For `finger_count`: how many. */
  fingerCount?: number;
  /** For `custom`: the learned gesture's name. */
  name?: string;
}

interface GestureEventBase extends GestureState {
  /** The classifier that saw it. */
  classifier: string;
  /** The frame's timestamp. */
  timestampMs: number;
}

/**
 * Sent on change only: a lasting gesture `started` (held long enough) or `ended` (gone long enough), or a
 * one-off gesture such as a swipe `detected`. Plain data.
 */
export type GestureEvent =
  | (GestureEventBase & { type: 'started'; confidence: number })
  | (GestureEventBase & { type: 'ended'; heldMs: number })
  | (GestureEventBase & { type: 'detected'; confidence: number; velocity?: number });
