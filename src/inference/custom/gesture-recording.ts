import { HandflowError } from '../../core/errors.js';
import type { ExtractionResult, HandLandmarks } from '../../extraction/hand-landmarker-result.js';
import type { GestureKind } from './gesture-kinds.js';
import { fingertipSample, motionFeatures, poseFeatures } from './hand-samples.js';

/** A moving gesture's path needs this many frames with a hand to show its shape. */
export const MIN_PATH_FRAMES = 8;

/** The hand a frame gives to a recording, with what its features need. */
export interface SeenHand {
  readonly hand: HandLandmarks;
  readonly imageWidth: number;
  readonly timestampMs: number;
}

/** The surest of a frame's hands, if it has any: a gesture is recorded one hand at a time. */
export function seenHand(result: Pick<ExtractionResult, 'hands' | 'imageWidth'>, timestampMs: number): SeenHand | undefined {
  const hand = result.hands.reduce<HandLandmarks | undefined>((surest, candidate) => (surest === undefined || candidate.confidence > surest.confidence ? candidate : surest), undefined);
  return hand === undefined ? undefined : { hand, imageWidth: result.imageWidth, timestampMs };
}

/** One performance of a gesture: the hands seen in a clip, a folder of photos or a session's frames, named for messages. */
export interface Take {
  readonly from: string;
  readonly hands: readonly SeenHand[];
}

/** Samples ready to add to a gesture; `durationsMs` has one entry per moving sample. */
export interface RecordedSamples {
  readonly samples: number[][];
  readonly durationsMs: number[];
}

/**
 * The samples of a gesture from its takes: a hand pose from every hand seen (static), or the index
 * fingertip's path over each take as one sample (moving).
 * @throws HandflowError NO_HAND_SEEN when no take shows a hand, or a moving take shows one in too few frames
 */
export function recordedSamples(kind: GestureKind, takes: readonly Take[]): RecordedSamples {
  if (takes.every((take) => take.hands.length === 0)) {
    throw new HandflowError('NO_HAND_SEEN', `no hand was seen in ${takes.map((take) => take.from).join(', ')}: hold the gesture in view of the camera and record again`);
  }
  if (kind === 'static') return { samples: takes.flatMap((take) => take.hands.map(({ hand }) => poseFeatures(hand))), durationsMs: [] };
  const paths = takes.map(({ from, hands }) => {
    if (hands.length < MIN_PATH_FRAMES) {
      throw new HandflowError('NO_HAND_SEEN', `a hand was seen in only ${hands.length} frames of ${from}, too few for a path (at least ${MIN_PATH_FRAMES}): record again with the hand in view throughout`);
    }
    return hands.map(({ hand, imageWidth, timestampMs }) => fingertipSample(hand, imageWidth, timestampMs));
  });
  return {
    samples: paths.map((path) => motionFeatures(path)),
    durationsMs: paths.map((path) => Math.max(1, path.at(-1)!.timestampMs - path[0]!.timestampMs)),
  };
}
