import type { GestureKind } from '../../inference/custom/gesture-kinds.js';
import { recordedSamples, seenHand, type RecordedSamples, type SeenHand } from '../../inference/custom/gesture-recording.js';
import { ApiError } from '../errors.js';
import type { FrameDetails, ServerSession, Sessions } from '../sessions/server-session.js';

/**
 * Samples of a gesture from a running session's next `frames` frames, as one take. Gives up waiting after
 * `timeoutMs` (or when the session ends) and makes do with the frames seen by then.
 * @throws HandflowError NO_HAND_SEEN
 */
export function recordFromSession(service: Sessions, session: ServerSession, kind: GestureKind, frames: number, timeoutMs: number): Promise<RecordedSamples> {
  // An ended session sends no frame, nor another end: waiting would end in a "no hand seen" that blames the hand.
  if (session.summary !== undefined) return Promise.reject(new ApiError('INVALID_REQUEST', `session ${session.id} has ended: record from a session that is running`));
  return new Promise((resolve, reject) => {
    const hands: SeenHand[] = [];
    let counted = 0;
    const finish = (): void => {
      clearTimeout(timer);
      service.off('frame', onFrame);
      service.off('ended', onEnded);
      try {
        resolve(recordedSamples(kind, [{ from: `session ${session.id}`, hands }]));
      } catch (error) {
        reject(error);
      }
    };
    const onFrame = (from: ServerSession, _summary: unknown, event: FrameDetails): void => {
      if (from.id !== session.id) return;
      if (event.extraction === undefined) {
        clearTimeout(timer);
        service.off('frame', onFrame);
        service.off('ended', onEnded);
        reject(new ApiError('INVALID_REQUEST', `session ${session.id} runs on cluster worker ${from.worker ?? ''}, whose hands stay there: record from a browser camera session of this server`));
        return;
      }
      const seen = seenHand(event.extraction, event.extraction.frameTimestamp);
      if (seen !== undefined) hands.push(seen);
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
