import { computeRotation, rotateVector } from './rotation.js';
import type { Detection, RotatedRect } from './types.js';

/** RectTransformationCalculator's options (without its extra rotation and square_short, unused here). */
export interface RectTransformOptions {
  scaleX: number;
  scaleY: number;
  /** Shift along the rect's own x axis, as a fraction of its width. */
  shiftX: number;
  /** Shift along the rect's own y axis (down the hand, towards the wrist), as a fraction of its height. */
  shiftY: number;
  /** Make the rect square with the longer side before scaling. */
  squareLong: boolean;
}

/** palm_detection_detection_to_roi.pbtxt: grow the palm box 2.6x and move it half a box towards the fingers. */
export const PALM_RECT_TRANSFORM: Readonly<RectTransformOptions> = Object.freeze({
  scaleX: 2.6,
  scaleY: 2.6,
  shiftX: 0,
  shiftY: -0.5,
  squareLong: true,
});

/** The palm keypoints DetectionsToRectsCalculator orients the hand with: wrist centre to middle-finger MCP. */
const WRIST_KEYPOINT = 0;
const MIDDLE_FINGER_MCP_KEYPOINT = 2;

/**
 * Ports RectTransformationCalculator in pixels: shift the centre along the rect's rotated axes
 * (dx = w*shiftX*cos r - h*shiftY*sin r, dy = w*shiftX*sin r + h*shiftY*cos r), optionally square it with the
 * longer side, then scale. This is how MediaPipe grows a tight palm or hand box into the crop the next model
 * needs. The rotation is kept.
 */
export function transformRect(rect: RotatedRect, options: RectTransformOptions): RotatedRect {
  const shift = rotateVector(rect.width * options.shiftX, rect.height * options.shiftY, rect.rotation);
  const longSide = Math.max(rect.width, rect.height);
  const width = options.squareLong ? longSide : rect.width;
  const height = options.squareLong ? longSide : rect.height;
  return {
    xCenter: rect.xCenter + shift.x,
    yCenter: rect.yCenter + shift.y,
    width: width * options.scaleX,
    height: height * options.scaleY,
    rotation: rect.rotation,
  };
}

/**
 * The hand crop for the landmark model from a palm detection normalised to the source image: ports
 * DetectionsToRectsCalculator (box -> rect, rotated so the wrist -> middle-finger-MCP vector points up,
 * target angle 90 degrees, computed in pixels so non-square images get the true angle) followed by
 * RectTransformationCalculator with PALM_RECT_TRANSFORM. Pixels out.
 */
export function palmDetectionToRect(detection: Detection, imageWidth: number, imageHeight: number): RotatedRect {
  const wrist = detection.keypoints[WRIST_KEYPOINT];
  const middleMcp = detection.keypoints[MIDDLE_FINGER_MCP_KEYPOINT];
  if (!wrist || !middleMcp) {
    throw new RangeError(`a palm detection needs keypoints 0 and 2; this one has ${detection.keypoints.length}`);
  }
  const { box } = detection;
  const rotation = computeRotation(
    { x: wrist.x * imageWidth, y: wrist.y * imageHeight },
    { x: middleMcp.x * imageWidth, y: middleMcp.y * imageHeight },
    Math.PI / 2,
  );
  const palm: RotatedRect = {
    xCenter: (box.xMin + box.width / 2) * imageWidth,
    yCenter: (box.yMin + box.height / 2) * imageHeight,
    width: box.width * imageWidth,
    height: box.height * imageHeight,
    rotation,
  };
  return transformRect(palm, PALM_RECT_TRANSFORM);
}
