/**
 * A processed frame as clients draw it: the WebSocket's `frame` messages, and each frame's message on a cluster's
 * bus. Types only, so the dashboard's bundle can import them (through src/server/ws/protocol.ts).
 */

export type HandLabel = 'Left' | 'Right';

/** One hand of a frame, for drawing. */
export interface HandSummary {
  readonly label: HandLabel;
  readonly confidence: number;
  /** The 21 landmarks in the frame's pixels (MediaPipe order: wrist, thumb 1-4, index 1-4, ... pinky 1-4). */
  readonly landmarks: readonly (readonly [number, number])[];
  /** Fingers held out, and which (thumb to pinky). */
  readonly fingers: number | null;
  readonly fingerStates: readonly boolean[] | null;
  /** The hand's pose: fist, open_palm, thumbs_up, ... or none. */
  readonly gesture: string;
  /** A custom gesture recognised on this hand, by its name. */
  readonly custom: string | null;
}

/** Server -> client: one processed frame. */
export interface FrameSummary {
  readonly channel: 'frame';
  readonly sessionId: string;
  readonly frameNumber: number;
  readonly timestampMs: number;
  /** The frame's size: landmarks are in these pixels. */
  readonly width: number;
  readonly height: number;
  readonly hands: readonly HandSummary[];
  /** All hands' fingers together; null with no hand. */
  readonly fingerCount: number | null;
  /** The gesture to show: a custom one, else the surest pose, else none. */
  readonly gesture: string;
}
