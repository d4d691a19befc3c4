import type { PixelPoint } from '../../extraction/hand-landmarker-result.js';

/** How far apart two palm positions are, in palm lengths of `handSize` pixels: the hand's own unit of motion. */
export function palmLengthsBetween(from: PixelPoint, to: PixelPoint, handSize: number): number {
  return Math.hypot(to.x - from.x, to.y - from.y) / Math.max(handSize, 1e-9);
}

/** Palm lengths per second from one timed position to the next; 0 when time does not go forward. */
export function palmSpeedBetween(
  from: { readonly timestampMs: number; readonly centre: PixelPoint },
  to: { readonly timestampMs: number; readonly centre: PixelPoint },
  handSize: number,
): number {
  if (to.timestampMs <= from.timestampMs) return 0;
  return palmLengthsBetween(from.centre, to.centre, handSize) / ((to.timestampMs - from.timestampMs) / 1000);
}
