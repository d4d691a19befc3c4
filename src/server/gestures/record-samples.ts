import type { HandLandmarks } from '../../extraction/hand-landmarker-result.js';
import type { FrameEvent } from '../../output/frame-event.js';
import type { GestureKind } from '../../inference/custom/gesture-kinds.js';
import { fingertipSample, motionFeatures, poseFeatures } from '../../inference/custom/hand-samples.js';
import { ApiError } from '../errors.js';
import type { ServerSession } from '../sessions/server-session.js';
import type { SessionService } from '../sessions/session-service.js';

/** A moving gesture's path needs this many frames with a hand to show its shape. */
export const MIN_PATH_FRAMES = 8;

export interface RecordedSamples {
  readonly samples: number[][];
  readonly durationsMs: number[];
}

interface SeenHand {
  readonly hand: HandLandmarks;
  readonly imageWidth: number;
  readonly timestampMs: number;
}

/**
 * Samples of a gesture from a running session's next `frames` frames: a hand pose from each frame with a hand
 * (static), or the index fingertip's path over them as one sample (moving). Gives up after `timeoutMs`.
 */
export function recordFromSession(service: SessionService, session: ServerSession, kind: GestureKind, frames: number, timeoutMs: number): Promise<RecordedSamples> {
  return new Promise((resolve, reject) => {
    const seen: SeenHand[] = [];
    let counted = 0;
    const finish = (): void => {
      clearTimeout(timer);
      service.off('frame', onFrame);
      service.off('ended', onEnded);
      try {
        resolve(samplesOf(kind, seen));
      } catch (error) {
        reject(error);
      }
    };
    const onFrame = (from: ServerSession, _summary: unknown, event: FrameEvent): void => {
      if (from.id !== session.id) return;
      const hand = [...event.extraction.hands].sort((a, b) => b.confidence - a.confidence)[0];
      if (hand !== undefined) seen.push({ hand, imageWidth: event.extraction.imageWidth, timestampMs: event.extraction.frameTimestamp });
      if (++counted >= frames) finish();
    };
    const onEnded = (from: ServerSession): void => {
      if (from.id === session.id) finish();
    };
    const timer = setTimeout(finish, timeoutMs);
    service.on('frame', onFrame);
    service.on('ended', onEnded);
  });
}

function samplesOf(kind: GestureKind, seen: readonly SeenHand[]): RecordedSamples {
  if (seen.length === 0) throw new ApiError('NO_HAND_SEEN', 'no hand was seen while recording: hold the gesture in view of the camera and record again');
  if (kind === 'static') return { samples: seen.map(({ hand }) => poseFeatures(hand)), durationsMs: [] };
  if (seen.length < MIN_PATH_FRAMES) {
    throw new ApiError('NO_HAND_SEEN', `a hand was seen in only ${seen.length} frames, too few for a path (at least ${MIN_PATH_FRAMES}): record again with the hand in view`);
  }
  const path = seen.map(({ hand, imageWidth, timestampMs }) => fingertipSample(hand, imageWidth, timestampMs));
  return { samples: [motionFeatures(path)], durationsMs: [Math.max(1, path.at(-1)!.timestampMs - path[0]!.timestampMs)] };
}
