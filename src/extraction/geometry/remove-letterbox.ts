import type { Detection, Padding } from './types.js';

/**
 * The padding ImageToTensorCalculator adds with keep_aspect_ratio (its PadRoi) when fitting a
 * srcWidth x srcHeight image into a dstWidth x dstHeight tensor: the image is scaled to fit, centred,
 * and the leftover bands (as fractions of the tensor) are split evenly between the two sides.
 */
export function letterboxPadding(srcWidth: number, srcHeight: number, dstWidth: number, dstHeight: number): Padding {
  const tensorAspect = dstHeight / dstWidth;
  const imageAspect = srcHeight / srcWidth;
  if (tensorAspect > imageAspect) {
    const vertical = (1 - imageAspect / tensorAspect) / 2;
    return { left: 0, top: vertical, right: 0, bottom: vertical };
  }
  const horizontal = (1 - tensorAspect / imageAspect) / 2;
  return { left: horizontal, top: 0, right: horizontal, bottom: 0 };
}

/**
 * Ports DetectionLetterboxRemovalCalculator: maps a detection normalised to the letterboxed tensor back to
 * coordinates normalised to the source image (the content area becomes [0, 1]).
 */
export function removeDetectionLetterbox(detection: Detection, padding: Padding): Detection {
  const contentWidth = 1 - padding.left - padding.right;
  const contentHeight = 1 - padding.top - padding.bottom;
  const { box } = detection;
  return {
    score: detection.score,
    box: {
      xMin: (box.xMin - padding.left) / contentWidth,
      yMin: (box.yMin - padding.top) / contentHeight,
      width: box.width / contentWidth,
      height: box.height / contentHeight,
    },
    keypoints: detection.keypoints.map(({ x, y }) => ({
      x: (x - padding.left) / contentWidth,
      y: (y - padding.top) / contentHeight,
    })),
  };
}
