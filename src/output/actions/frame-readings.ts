import type { HandInference, InferenceResultDict } from '../../inference/inference-result.js';
import type { ActionFrame, FrameGesture } from './action-frame.js';
import { gestureName } from './gesture-name.js';
import type { FramePoint } from './screen-mapping.js';

/** MediaPipe's index fingertip and middle fingertip landmarks. */
const INDEX_TIP = 8;
const MIDDLE_TIP = 12;

/** The pinch distance of the hand closest to pinching, if the pinch classifier ran and saw a hand. */
export function pinchDistance(frame: ActionFrame): number | undefined {
  return frame.results.find((result) => result.pinch_distance !== null)?.pinch_distance ?? undefined;
}

/** Fingers held out, all hands together, if the finger count classifier ran and saw a hand. */
export function fingerCount(frame: ActionFrame): number | undefined {
  return frame.results.find((result) => result.finger_count !== null)?.finger_count ?? undefined;
}

/** The gesture events that begin a gesture (started, or a one-off such as a swipe) named in `names`. */
export function gesturesBegun(frame: ActionFrame, names: ReadonlySet<string>): FrameGesture[] {
  return frame.gestures.filter(({ event }) => event.type !== 'gesture_ended' && names.has(gestureName(event.data)));
}

/** Whether a gesture named `name` started in this frame (true), ended (false), or neither (undefined). */
export function gestureChange(frame: ActionFrame, name: string): boolean | undefined {
  const last = frame.gestures.filter(({ event }) => event.type !== 'gesture_detected' && gestureName(event.data) === name).at(-1);
  return last === undefined ? undefined : last.event.type === 'gesture_started';
}

/** The first hand, as the mouse reads it. */
export interface PointingHand {
  /** The index fingertip, 0-1 across and down the frame. */
  indexTip: FramePoint;
  /** The index and middle fingertips' mean height, 0-1 down the frame (what scrolling follows). */
  twoFingerY: number;
  /** Index and middle fingers out, ring and pinky in: the scroll pose. */
  twoFingers: boolean;
  /** The pinch classifier says this hand pinches. */
  pinching: boolean;
}

/** The first hand found, if any. */
export function pointingHand(frame: ActionFrame): PointingHand | undefined {
  const hand = frame.hands[0];
  const index = hand?.landmarks[INDEX_TIP];
  const middle = hand?.landmarks[MIDDLE_TIP];
  if (index === undefined || middle === undefined) return undefined;
  const first = (result: InferenceResultDict): HandInference | undefined => result.raw_output.hands[0];
  const fingers = frame.results.map(first).find((inference) => inference !== undefined)?.finger_states;
  const pinching = frame.results.some((result) => result.pinch_distance !== null && first(result)?.gesture === 'pinch');
  const [, indexOut, middleOut, ringOut, pinkyOut] = fingers ?? [];
  return {
    indexTip: { x: index.x, y: index.y },
    twoFingerY: (index.y + middle.y) / 2,
    twoFingers: indexOut === true && middleOut === true && ringOut === false && pinkyOut === false,
    pinching,
  };
}
