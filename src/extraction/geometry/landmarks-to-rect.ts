import { transformRect, type RectTransformOptions } from './detection-to-rect.js';
import { assertHandLandmarks, landmarksBoundingBox } from './hand-box.js';
import { computeRotation, rotateVector } from './rotation.js';
import type { Point, RotatedRect } from './types.js';

/** hand_landmark_landmarks_to_roi.pbtxt: double the tight palm-and-knuckles box, nudged towards the fingers. */
export const HAND_LANDMARKS_RECT_TRANSFORM: Readonly<RectTransformOptions> = Object.freeze({
  scaleX: 2,
  scaleY: 2,
  shiftX: 0,
  shiftY: -0.1,
  squareLong: true,
});

/** Wrist, thumb CMC/MCP/IP, and the MCP and PIP of each finger: the landmarks that stay put as fingers bend. */
const RECT_LANDMARKS = [0, 1, 2, 3, 5, 6, 9, 10, 13, 14, 17, 18] as const;
const WRIST = 0;
const INDEX_MCP = 5;
const MIDDLE_MCP = 9;
const RING_MCP = 13;

/**
 * Next frame's crop from this frame's 21 landmarks (pixels): ports HandLandmarksToRectCalculator on
 * MediaPipe's landmark subset, then RectTransformationCalculator with HAND_LANDMARKS_RECT_TRANSFORM.
 * The rotation points the wrist at the mean of ((index MCP + ring MCP)/2 + middle MCP)/2; the box is the
 * subset's extent in that rotated frame, taken around the axis-aligned centre. Tracking from landmarks
 * like this is what lets MediaPipe skip palm detection while a hand stays in view.
 */
export function handLandmarksToRect(landmarksPx: readonly Point[]): RotatedRect {
  assertHandLandmarks(landmarksPx);
  const index = landmarksPx[INDEX_MCP];
  const middle = landmarksPx[MIDDLE_MCP];
  const ring = landmarksPx[RING_MCP];
  const knuckles = { x: ((index.x + ring.x) / 2 + middle.x) / 2, y: ((index.y + ring.y) / 2 + middle.y) / 2 };
  const rotation = computeRotation(landmarksPx[WRIST], knuckles, Math.PI / 2);
  const subset = RECT_LANDMARKS.map((i) => landmarksPx[i]);

  const aligned = landmarksBoundingBox(subset);
  const centerX = aligned.x + aligned.width / 2;
  const centerY = aligned.y + aligned.height / 2;
  const extent = landmarksBoundingBox(subset.map((p) => rotateVector(p.x - centerX, p.y - centerY, -rotation)));
  const offset = rotateVector(extent.x + extent.width / 2, extent.y + extent.height / 2, rotation);

  const hand: RotatedRect = {
    xCenter: centerX + offset.x,
    yCenter: centerY + offset.y,
    width: extent.width,
    height: extent.height,
    rotation,
  };
  return transformRect(hand, HAND_LANDMARKS_RECT_TRANSFORM);
}
