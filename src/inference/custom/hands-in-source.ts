import type { HandLandmarker } from '../../extraction/hand-landmarker.js';
import type { FrameSource } from '../../ingestion/frame-source.js';
import { seenHand, type SeenHand } from './gesture-recording.js';

/**
 * The surest hand of each frame (or image) of a source that has one, up to `frameLimit` frames: a take of a
 * gesture. Video is followed from frame to frame; still images are each looked at afresh. The source, opened with
 * the capture settings the sessions use (mirroring above all: a path recorded mirrored runs backwards in a session
 * that is not), is started here and stopped.
 */
export async function handsInSource(landmarker: HandLandmarker, source: FrameSource, frameLimit?: number): Promise<SeenHand[]> {
  const hands: SeenHand[] = [];
  landmarker.resetTracking();
  await source.start();
  try {
    let frames = 0;
    for await (const captured of source.stream()) {
      const result = source.stills ? await landmarker.detect(captured.frame) : await landmarker.detectForVideo(captured.frame, captured.timestamp);
      const seen = seenHand(result, captured.timestamp);
      if (seen !== undefined) hands.push(seen);
      if (++frames === frameLimit) break;
    }
  } finally {
    await source.stop();
  }
  return hands;
}
