/** `static`: a hand pose (landmark features); `moving`: a fingertip path (path features). */
export const GESTURE_KINDS = ['static', 'moving'] as const;
export type GestureKind = (typeof GESTURE_KINDS)[number];

/** The classifier that recognises each kind of taught gesture: the name its results and events carry. */
export const CUSTOM_CLASSIFIER_OF = { static: 'custom', moving: 'custom_motion' } as const satisfies Record<GestureKind, string>;
export const CUSTOM_CLASSIFIER_NAMES: readonly string[] = Object.values(CUSTOM_CLASSIFIER_OF);
