import type { ExtractionResult } from '../extraction/hand-landmarker-result.js';
import type { EngagementHand } from './engagement.js';
import { handSize } from './geometry/hand-size.js';
import { palmFrame } from './geometry/palm-frame.js';
import { analyzeHands, type AnalyzedHand } from './hand-analysis.js';
import { recognizeStaticGesture } from './static-gesture.js';

/** How squarely a palm must face the camera to engage: the palm's normal within about 50 degrees of the view axis. */
const MIN_FACING = 0.65;

/**
 * How squarely the palm (not the back of the hand) faces the camera, -1 to 1. The palm frame's normal points
 * away from the camera (z grows away from it) out of a right hand's palm seen unmirrored, and the other way
 * for a left hand or a mirrored view: the hand's label says which.
 */
function palmFacing(analyzed: AnalyzedHand, mirrored: boolean): number {
  const side = (analyzed.hand.handLabel === 'Right' ? 1 : -1) * (mirrored ? -1 : 1);
  return side * palmFrame(analyzed.points).normal.z;
}

/**
 * A frame's hands as engagement reads them: which show an open palm held flat towards the camera (the back of a
 * hand flat on the chest, common in signing, does not count).
 */
export function engagementHands(extraction: ExtractionResult, mirrored: boolean): EngagementHand[] {
  return analyzeHands(extraction).map((analyzed) => {
    const openPalm = recognizeStaticGesture(analyzed.points, analyzed.fingers).gesture === 'open_palm';
    return {
      openPalmTowardsCamera: openPalm && palmFacing(analyzed, mirrored) >= MIN_FACING,
      centre: analyzed.hand.palmCenter,
      handSize: handSize(analyzed.points),
    };
  });
}
