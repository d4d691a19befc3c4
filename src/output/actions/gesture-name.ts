import type { BuiltInClassifierName } from '../../inference/inference-config.js';
import { STATIC_GESTURES, SWIPE_GESTURES } from '../../inference/gesture-types.js';
import type { GestureEventData } from '../events/output-event.js';

/** The most fingers two hands hold out. */
const MAX_FINGERS = 10;

/**
 * The gesture names projects bind actions to, by the built-in classifier that recognises them: static poses and
 * swipes by their type, `pinch`, a finger count as `fingers_N`. Custom gestures go by their own names.
 */
export const GESTURE_NAMES_OF: Readonly<Record<BuiltInClassifierName, readonly string[]>> = {
  static: STATIC_GESTURES,
  swipe: SWIPE_GESTURES,
  pinch: ['pinch'],
  finger_count: Array.from({ length: MAX_FINGERS + 1 }, (_, count) => `fingers_${count}`),
};

export const BUILT_IN_GESTURE_NAMES: readonly string[] = Object.values(GESTURE_NAMES_OF).flat();

/** The name a gesture event is bound by. */
export function gestureName(data: GestureEventData): string {
  switch (data.gesture_type) {
    case 'custom':
      return data.raw_output.gesture_name ?? 'custom';
    case 'finger_count':
      return `fingers_${data.finger_count ?? 0}`;
    default:
      return data.gesture_type;
  }
}

/** The built-in classifier that recognises a built-in gesture name; undefined for other names (custom gestures). */
export function classifierOf(name: string): BuiltInClassifierName | undefined {
  return (Object.keys(GESTURE_NAMES_OF) as BuiltInClassifierName[]).find((classifier) => GESTURE_NAMES_OF[classifier].includes(name));
}
