import { rotateVector } from './rotation.js';
import type { RotatedRect } from './types.js';

/**
 * The continuous map from an outWidth x outHeight crop of `rect` onto the source image, both sides in the
 * EDGE convention (position 0 is the left/top edge, pixel k covers [k, k+1)): image = M * (p, q, 1), with
 * M = [m0 m1 m2; m3 m4 m5]. Crop position (0, 0) lands on the rect's top-left corner as seen in the rect's
 * own frame, and the rect's axes are turned by its rotation (clockwise on screen), as in MediaPipe's
 * ImageToTensorCalculator (OpenCV boxPoints -> perspective warp) and LandmarkProjectionCalculator. Model
 * outputs in crop units (landmarks) map to image coordinates with exactly this matrix.
 *
 * The same matrix resamples the crop: output pixel (u, v) samples the source at M * (u, v, 1), reading
 * integer source coordinate k as the centre of pixel k. That is MediaPipe's CPU path exactly (OpenCV's
 * warpPerspective maps the rect's corners onto output indices): half a pixel off a "pixel centres on both
 * sides" mapping, but it is what the models were fitted with, and matching it brings the landmarks on the
 * reference video from a median 0.9 px to 0.14 px of MediaPipe's.
 */
export function cropToImageAffine(rect: RotatedRect, outWidth: number, outHeight: number): Float64Array {
  const stepU = rotateVector(rect.width / outWidth, 0, rect.rotation);
  const stepV = rotateVector(0, rect.height / outHeight, rect.rotation);
  const corner = rotateVector(-rect.width / 2, -rect.height / 2, rect.rotation);
  return Float64Array.of(stepU.x, stepV.x, rect.xCenter + corner.x, stepU.y, stepV.y, rect.yCenter + corner.y);
}
