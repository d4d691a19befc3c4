/** The hand poses recognised in a single frame. */
export const STATIC_GESTURES = ['fist', 'open_palm', 'thumbs_up', 'thumbs_down', 'pointing', 'victory', 'ok'] as const;
export type StaticGesture = (typeof STATIC_GESTURES)[number];

/** Movements of the hand, in the user's frame of reference (their left and right). */
export const SWIPE_GESTURES = ['swipe_left', 'swipe_right', 'swipe_up', 'swipe_down'] as const;
export type SwipeGesture = (typeof SWIPE_GESTURES)[number];

/**
 * Every gesture type an `InferenceResult` can carry: `none`, a finger count, a pinch, a static pose or a
 * swipe. Custom gestures learned from samples carry their own names in `InferenceResult.rawOutput`.
 */
export const GESTURE_TYPES = ['none', 'finger_count', 'pinch', ...STATIC_GESTURES, ...SWIPE_GESTURES, 'custom'] as const;
export type GestureType = (typeof GESTURE_TYPES)[number];
