import { readdirSync } from 'node:fs';
import { join } from 'node:path';

import { sharedData } from '../testing/shared-data.js';

/** What a person does on purpose in a clip: the gesture-triggered actions that may fire there. */
export type DeliberateGesture = 'swipe' | 'click' | 'thumbs' | 'fist';

export interface Clip {
  /** The file, as given or under ../shared/data. */
  readonly path: string;
  /** How the clip is named in the tables. */
  readonly name: string;
  /** The gestures made on purpose: an action they trigger is no false activation. None for natural footage. */
  readonly deliberate: readonly DeliberateGesture[];
  /** The swipes made, in order, as an unmirrored camera sees them (`handflow run` on the file reports them so). */
  readonly swipes?: readonly string[];
}

const shared = (relativePath: string, deliberate: readonly DeliberateGesture[] = [], swipes?: readonly string[]): Clip => ({
  path: sharedData(relativePath),
  name: relativePath.split('/').pop()!,
  deliberate,
  ...(swipes === undefined ? {} : { swipes }),
});

/**
 * Footage of hands moving without meaning a control gesture: signing to the camera and showing a hand. Nothing
 * here should trigger an action (the thumbs-up video's thumb is deliberate, but it makes no swipe or click).
 */
export function naturalFootage(): Clip[] {
  const signing = sharedData('natural-motion');
  return [
    shared('landmarks-reference/asl_hand.25fps.mp4'),
    shared('mediapipe-samples/open_hand_video.mp4'),
    shared('mediapipe-samples/thumb_up_video.mp4', ['thumbs']),
    ...readdirSync(signing)
      .filter((name) => name.endsWith('.mp4'))
      .sort()
      .map((name) => ({ path: join(signing, name), name, deliberate: [] })),
  ];
}

/**
 * Clips of people swiping on purpose, with the swipes labelled by watching them (the user's direction in an
 * unmirrored view: a hand moving to the image's right is a swipe to the user's left). Raising the hand into
 * view at the start of swipe_up_down.gif is no swipe.
 */
export function swipeFootage(): Clip[] {
  return [
    shared('dynamic-gestures/swipe_left_right.gif', ['swipe'], ['swipe_left', 'swipe_right', 'swipe_left']),
    shared('dynamic-gestures/swipe_up_down.gif', ['swipe'], ['swipe_down', 'swipe_up']),
    shared('dynamic-gestures/swipe3_up_down.gif', ['swipe'], ['swipe_down', 'swipe_up']),
  ];
}
