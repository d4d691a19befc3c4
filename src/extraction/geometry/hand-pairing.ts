import { boxContainment, boxOverlap, type BoundingBox } from './hand-box.js';

/**
 * Two hands whose rectangles or landmark boxes overlap more than this are the same hand (MediaPipe's
 * AssociationNormRectCalculator min_similarity_threshold).
 */
export const SAME_HAND_OVERLAP = 0.5;

/**
 * The landmark model sometimes takes part of a hand for a hand: a curled finger, a fingertip, the knuckles of a
 * fist. Such a "hand" lies inside the real one's landmark box, or touches it with a far smaller palm: real hands
 * touching another measured 0.7 of its palm size on the test photos, these phantoms 0.3-0.4.
 */
const INSIDE_ANOTHER_HAND = 0.8;
const PART_OF_HAND_RELATIVE_SIZE = 0.5;

/** What telling two readings of hands apart needs: their landmarks' box and their palm size (same units). */
export interface HandExtent {
  box: BoundingBox;
  palmSize: number;
}

/**
 * How a new reading relates to a hand already kept: the same hand, part of it, the kept one part of the new one,
 * or a hand of its own. Of a hand and a part of it, the larger is the hand, whichever came first.
 */
export type HandPairing = 'same-hand' | 'part-of-kept' | 'kept-is-part' | 'separate';

export function pairHands(kept: HandExtent, incoming: HandExtent): HandPairing {
  if (boxOverlap(kept.box, incoming.box) > SAME_HAND_OVERLAP) return 'same-hand';
  const contained = boxContainment(kept.box, incoming.box);
  if (contained === 0) return 'separate';
  const inside = contained > INSIDE_ANOTHER_HAND;
  const incomingIsSmaller = incoming.palmSize <= kept.palmSize;
  if ((inside && incomingIsSmaller) || incoming.palmSize < PART_OF_HAND_RELATIVE_SIZE * kept.palmSize) return 'part-of-kept';
  if (inside || kept.palmSize < PART_OF_HAND_RELATIVE_SIZE * incoming.palmSize) return 'kept-is-part';
  return 'separate';
}
