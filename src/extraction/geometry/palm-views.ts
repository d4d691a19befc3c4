import type { BoundingBox } from './hand-box.js';
import { nonMaxSuppression } from './non-max-suppression.js';
import { cropToImageAffine } from './rect-affine.js';
import type { Detection } from './types.js';

/**
 * A square part of the image that the palm detector looks at, in image pixels: top-left corner and side. It
 * may reach past the image; what lies outside reads black, as the bands of MediaPipe's letterbox do.
 */
export interface PalmView {
  x: number;
  y: number;
  size: number;
}

/**
 * How many times smaller the shrunk view shows the image. MediaPipe's palm detector misses many hands that fill
 * about half the frame; shrinking such photos into a canvas twice their size found the hand in 76 of 96.
 */
export const SHRINK_FACTOR = 2;

/** How many times larger a tile shows the image than MediaPipe's view: hands too small for it become palm-sized. */
export const TILE_ZOOM = 2;

/**
 * The least overlap of neighbouring tiles, as a share of a tile: a hand small enough to need the tiles (a
 * quarter of a tile or less) then lies wholly inside one of them.
 */
const MIN_TILE_OVERLAP = 1 / 3;

/** Overlap (IoU) above which palms found in different views are the same palm: MediaPipe's NMS threshold. */
const SAME_PALM_OVERLAP = 0.3;

/**
 * MediaPipe's own view: the whole image fitted into the square tensor and centred, with black bands on the
 * short sides (ImageToTensorCalculator with keep_aspect_ratio).
 */
export function wholeImageView(width: number, height: number): PalmView {
  return centredView(width, height, Math.max(width, height));
}

/** The whole image shrunk SHRINK_FACTOR times into the middle of a black canvas: for hands close to the camera. */
export function shrunkImageView(width: number, height: number): PalmView {
  return centredView(width, height, SHRINK_FACTOR * Math.max(width, height));
}

/**
 * Overlapping square tiles covering the image, each showing it TILE_ZOOM times larger than MediaPipe's view, in
 * reading order: for hands far from the camera. A side shorter than a tile gets one tile, centred.
 */
export function tileViews(width: number, height: number): PalmView[] {
  const size = Math.max(width, height) / TILE_ZOOM;
  const columns = tileStarts(width, size);
  return tileStarts(height, size).flatMap((y) => columns.map((x) => ({ x, y, size })));
}

/** Evenly spaced starts of tiles of `size` along `length`, the fewest that overlap by at least MIN_TILE_OVERLAP. */
function tileStarts(length: number, size: number): number[] {
  if (size >= length) return [(length - size) / 2];
  const count = Math.ceil((length - size) / (size * (1 - MIN_TILE_OVERLAP))) + 1;
  const step = (length - size) / (count - 1);
  return Array.from({ length: count }, (_, index) => index * step);
}

function centredView(width: number, height: number, size: number): PalmView {
  return { x: (width - size) / 2, y: (height - size) / 2, size };
}

/** The map from a tensorSize x tensorSize tensor onto the view's part of the image (see cropToImageAffine). */
export function viewToImageAffine(view: PalmView, tensorSize: number): Float64Array {
  const half = view.size / 2;
  return cropToImageAffine({ xCenter: view.x + half, yCenter: view.y + half, width: view.size, height: view.size, rotation: 0 }, tensorSize, tensorSize);
}

/** A box in image pixels as a rectangle of the view's tensor, in tensor pixels (it may reach outside the tensor). */
export function imageBoxInView(box: BoundingBox, view: PalmView, tensorSize: number): { x0: number; y0: number; x1: number; y1: number } {
  const scale = tensorSize / view.size;
  return {
    x0: (box.x - view.x) * scale,
    y0: (box.y - view.y) * scale,
    x1: (box.x + box.width - view.x) * scale,
    y1: (box.y + box.height - view.y) * scale,
  };
}

/**
 * A detection normalised to the view (the model's output) as one normalised to the whole image. For MediaPipe's
 * view this is DetectionLetterboxRemovalCalculator.
 */
export function detectionFromView(detection: Detection, view: PalmView, imageWidth: number, imageHeight: number): Detection {
  const toX = (x: number) => (view.x + x * view.size) / imageWidth;
  const toY = (y: number) => (view.y + y * view.size) / imageHeight;
  const { box } = detection;
  return {
    score: detection.score,
    box: {
      xMin: toX(box.xMin),
      yMin: toY(box.yMin),
      width: (box.width * view.size) / imageWidth,
      height: (box.height * view.size) / imageHeight,
    },
    keypoints: detection.keypoints.map(({ x, y }) => ({ x: toX(x), y: toY(y) })),
  };
}

/**
 * Palms found in several views (normalised to the image) as one list, best first: where views overlap, a palm
 * seen in two of them is kept once, from the view that saw it best (a tile may see only part of it). A
 * single view's palms are returned as they are.
 */
export function mergeViewDetections(perView: readonly (readonly Detection[])[]): Detection[] {
  if (perView.length === 1) return [...perView[0]!];
  return nonMaxSuppression(perView.flat(), SAME_PALM_OVERLAP);
}
