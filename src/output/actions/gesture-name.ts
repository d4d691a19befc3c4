import type { BuiltInClassifierName } from '../../inference/inference-config.js';
import { STATIC_GESTURES, SWIPE_GESTURES } from '../../inference/gesture-types.js';
import type { GestureEventData } from '../events/output-event.js';

/** The most fingers two hands hold out. */
const MAX_FINGERS = 10;

/**
 * The gesture names projects bind actions to: static poses and swipes by their type, `pinch`, a finger count
 * as `fingers_N`, and custom gestures by their own names.
 */
export const BUILT_IN_GESTURE_NAMES: readonly string[] = [
  ...STATIC_GESTURES,
  ...SWIPE_GESTURES,
  'pinch',
  ...Array.from({ length: MAX_FINGERS + 1 }, (_, count) => `fingers_${count}`),
];

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
  if ((STATIC_GESTURES as readonly string[]).includes(name)) return 'static';
  if ((SWIPE_GESTURES as readonly string[]).includes(name)) return 'swipe';
  if (name === 'pinch') return 'pinch';
  return BUILT_IN_GESTURE_NAMES.includes(name) ? 'finger_count' : undefined;
}
