import { intersectionOverUnion } from './non-max-suppression.js';
import type { Detection, Point, RotatedRect } from './types.js';

/** An axis-aligned box: top-left corner and size, in the units of the points it came from. */
export interface BoundingBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Landmarks in MediaPipe's hand model. */
export const HAND_LANDMARK_COUNT = 21;

/** The wrist and the four finger MCPs: the rigid part of the hand. */
const PALM_LANDMARKS = [0, 5, 9, 13, 17] as const;

/** Throws unless there are the 21 landmarks the hand maths indexes into. */
export function assertHandLandmarks(landmarks: readonly Point[]): void {
  if (landmarks.length < HAND_LANDMARK_COUNT) {
    throw new RangeError(`expected ${HAND_LANDMARK_COUNT} hand landmarks, got ${landmarks.length}`);
  }
}

/** The smallest axis-aligned box holding every point. */
export function landmarksBoundingBox(points: readonly Point[]): BoundingBox {
  if (points.length === 0) throw new RangeError('cannot bound an empty set of points');
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const { x, y } of points) {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  }
  return { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
}

/** Mean of the wrist and the four finger MCPs (21-landmark layout): a hand position that ignores finger pose. */
export function palmCenter(landmarksPx: readonly Point[]): Point {
  assertHandLandmarks(landmarksPx);
  let x = 0;
  let y = 0;
  for (const i of PALM_LANDMARKS) {
    x += landmarksPx[i].x;
    y += landmarksPx[i].y;
  }
  return { x: x / PALM_LANDMARKS.length, y: y / PALM_LANDMARKS.length };
}

/**
 * Overlap of two hand rects for tracking association, as AssociationNormRectCalculator measures it: IoU of
 * the boxes width x height around each centre, IGNORING the rotation (MediaPipe: "TODO: Support rotation").
 * Used to drop a fresh palm detection that covers a hand already tracked from landmarks.
 */
export function rectOverlap(a: RotatedRect, b: RotatedRect): number {
  const box = (r: RotatedRect) => ({
    xMin: r.xCenter - r.width / 2,
    yMin: r.yCenter - r.height / 2,
    width: r.width,
    height: r.height,
  });
  return intersectionOverUnion(box(a), box(b));
}

/** Intersection over union of two landmark bounding boxes: how handflow tells two found hands apart. */
export function boxOverlap(a: BoundingBox, b: BoundingBox): number {
  return intersectionOverUnion(toDetectionBox(a), toDetectionBox(b));
}

/**
 * The share of the smaller box that lies inside the larger one: near 1 when one "hand" sits inside
 * another, which a real second hand cannot (the model found part of the first hand again).
 */
export function boxContainment(a: BoundingBox, b: BoundingBox): number {
  const overlapX = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const overlapY = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  const smaller = Math.min(a.width * a.height, b.width * b.height);
  return overlapX > 0 && overlapY > 0 && smaller > 0 ? (overlapX * overlapY) / smaller : 0;
}

/**
 * The palm's size in pixels: the mean of wrist to index, middle and pinky bases and index to pinky base.
 * Unlike the bounding box it hardly changes as fingers bend, so it compares hands whatever their pose.
 */
export function palmSize(points: readonly Point[]): number {
  const distance = (a: number, b: number) => Math.hypot(points[a]!.x - points[b]!.x, points[a]!.y - points[b]!.y);
  return (distance(0, 5) + distance(0, 9) + distance(0, 17) + distance(5, 17)) / 4;
}

function toDetectionBox(box: BoundingBox): Detection['box'] {
  return { xMin: box.x, yMin: box.y, width: box.width, height: box.height };
}

/** A palm detection's box (normalised to the image) in image pixels. */
export function detectionBox(detection: Detection, imageWidth: number, imageHeight: number): BoundingBox {
  const { box } = detection;
  return { x: box.xMin * imageWidth, y: box.yMin * imageHeight, width: box.width * imageWidth, height: box.height * imageHeight };
}
