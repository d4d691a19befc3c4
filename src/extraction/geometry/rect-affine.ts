import { letterboxPadding } from './remove-letterbox.js';
import { rotateVector } from './rotation.js';
import type { RotatedRect } from './types.js';

/**
 * The continuous map from an outWidth x outHeight crop of `rect` onto the source image, both sides in the
 * EDGE convention (position 0 is the left/top edge, pixel k covers [k, k+1)): image = M * (p, q, 1), with
 * M = [m0 m1 m2; m3 m4 m5]. Crop position (0, 0) lands on the rect's top-left corner as seen in the rect's
 * own frame, and the rect's axes are turned by its rotation (clockwise on screen), as in MediaPipe's
 * ImageToTensorCalculator (OpenCV boxPoints -> perspective warp) and LandmarkProjectionCalculator. Model
 * outputs in crop units (landmarks) map to image coordinates with exactly this matrix.
 */
export function cropToImageAffine(rect: RotatedRect, outWidth: number, outHeight: number): Float64Array {
  const stepU = rotateVector(rect.width / outWidth, 0, rect.rotation);
  const stepV = rotateVector(0, rect.height / outHeight, rect.rotation);
  const corner = rotateVector(-rect.width / 2, -rect.height / 2, rect.rotation);
  return Float64Array.of(stepU.x, stepV.x, rect.xCenter + corner.x, stepU.y, stepV.y, rect.yCenter + corner.y);
}

/**
 * The 2x3 matrix for resampling MediaPipe's rotated crop (ImageToTensorCalculator with a rotated rect, no
 * letterbox): output pixel (u, v), integers, samples the source at
 *   (m0*u + m1*v + m2, m3*u + m4*v + m5)
 * in the PIXEL-CENTRE convention: integer coordinate k is the centre of source pixel k, so bilinear sampling
 * reads pixel k unblended at k. This is cropToImageAffine evaluated at the output pixel's centre
 * (u + 0.5, v + 0.5), minus half a pixel to move from edge to centre convention.
 */
export function rectToAffine(rect: RotatedRect, outWidth: number, outHeight: number): Float64Array {
  const m = cropToImageAffine(rect, outWidth, outHeight);
  m[2] += (m[0] + m[1]) / 2 - 0.5;
  m[5] += (m[3] + m[4]) / 2 - 0.5;
  return m;
}

/**
 * The palm detector's input resize: ImageToTensorCalculator with keep_aspect_ratio, i.e. the whole image
 * scaled to fit, centred, with the leftover bands falling outside the image (sample them as border/zero).
 * Same convention as rectToAffine; the bands are the letterboxPadding fractions.
 */
export function letterboxAffine(
  srcWidth: number,
  srcHeight: number,
  outWidth: number,
  outHeight: number,
): Float64Array {
  const padding = letterboxPadding(srcWidth, srcHeight, outWidth, outHeight);
  const paddedImage: RotatedRect = {
    xCenter: srcWidth / 2,
    yCenter: srcHeight / 2,
    width: srcWidth / (1 - padding.left - padding.right),
    height: srcHeight / (1 - padding.top - padding.bottom),
    rotation: 0,
  };
  return rectToAffine(paddedImage, outWidth, outHeight);
}
