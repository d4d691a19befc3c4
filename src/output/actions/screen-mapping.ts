import type { ScreenPoint, ScreenSize } from '../system/pointer-control.js';

/** A point in the frame, 0-1 across and down. */
export interface FramePoint {
  x: number;
  y: number;
}

/**
 * Where a point of the frame puts the cursor: the frame less `margin` (a fraction of its size) at each edge
 * maps to the whole screen, so the fingertip reaches the screen's edges without leaving the camera's view.
 * Points in the margin hold the cursor at the edge.
 */
export function frameToScreen(point: FramePoint, margin: number, screen: ScreenSize): ScreenPoint {
  const span = 1 - 2 * margin;
  const across = (value: number): number => Math.min(1, Math.max(0, (value - margin) / span));
  return { x: across(point.x) * (screen.width - 1), y: across(point.y) * (screen.height - 1) };
}
