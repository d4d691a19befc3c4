import type { HandLandmarks } from '../../extraction/hand-landmarker-result.js';
import type { Vector3 } from './vector3.js';

/**
 * A hand's landmarks as 3-D points in image pixels: x and y as in the image, z (MediaPipe's depth relative to
 * the wrist, in units of the image width) scaled by the width so that all three axes share one scale.
 * Angles and distance ratios between these points do not depend on where the hand is, how it is turned
 * in the image, or the image size.
 */
export function handPoints(hand: HandLandmarks, imageWidth: number): Vector3[] {
  return hand.landmarks.map((landmark) => ({ x: landmark.pixelX, y: landmark.pixelY, z: landmark.z * imageWidth }));
}
