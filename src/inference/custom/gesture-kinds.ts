/** `static`: a hand pose (landmark features); `moving`: a fingertip path (path features). */
export const GESTURE_KINDS = ['static', 'moving'] as const;
export type GestureKind = (typeof GESTURE_KINDS)[number];
