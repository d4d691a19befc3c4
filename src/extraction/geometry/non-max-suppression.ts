import type { Detection, Point } from './types.js';

type Box = Detection['box'];

/**
 * Intersection over union of two axis-aligned boxes (MediaPipe's OverlapSimilarity with
 * INTERSECTION_OVER_UNION). Boxes that do not overlap, or only touch, score 0; so do two empty boxes.
 */
export function intersectionOverUnion(a: Box, b: Box): number {
  const overlapX = Math.min(a.xMin + a.width, b.xMin + b.width) - Math.max(a.xMin, b.xMin);
  const overlapY = Math.min(a.yMin + a.height, b.yMin + b.height) - Math.max(a.yMin, b.yMin);
  if (overlapX <= 0 || overlapY <= 0) return 0;
  const intersection = overlapX * overlapY;
  const union = a.width * a.height + b.width * b.height - intersection;
  return union > 0 ? intersection / union : 0;
}

/** The score-weighted mean of a cluster's box corners and keypoints, keeping the leader's score. */
function weightedMerge(leader: Detection, cluster: readonly Detection[]): Detection {
  let total = 0;
  let xMin = 0;
  let yMin = 0;
  let xMax = 0;
  let yMax = 0;
  const keypoints: Point[] = leader.keypoints.map(() => ({ x: 0, y: 0 }));
  for (const { score, box, keypoints: points } of cluster) {
    total += score;
    xMin += box.xMin * score;
    yMin += box.yMin * score;
    xMax += (box.xMin + box.width) * score;
    yMax += (box.yMin + box.height) * score;
    keypoints.forEach((sum, k) => {
      sum.x += points[k].x * score;
      sum.y += points[k].y * score;
    });
  }
  xMin /= total;
  yMin /= total;
  return {
    score: leader.score,
    box: { xMin, yMin, width: xMax / total - xMin, height: yMax / total - yMin },
    keypoints: keypoints.map(({ x, y }) => ({ x: x / total, y: y / total })),
  };
}

/**
 * Ports NonMaxSuppressionCalculator's WEIGHTED algorithm, which the palm detector uses (IoU threshold 0.3).
 * Repeatedly takes the best-scoring remaining detection, gathers every remaining detection whose IoU with it
 * exceeds the threshold (itself included), and outputs their score-weighted average box and keypoints with
 * the best score; the rest go round again. Averaging instead of discarding steadies the palm box between
 * neighbouring anchors. Output is in descending score order.
 *
 * MediaPipe ignores max_num_detections in this mode; here `maxDetections` simply stops after that many.
 * The leader always joins its own cluster (MediaPipe relies on IoU(d, d) = 1, which fails for an empty box
 * and then ends its loop early).
 */
export function weightedNonMaxSuppression(
  detections: readonly Detection[],
  iouThreshold: number,
  maxDetections = Number.POSITIVE_INFINITY,
): Detection[] {
  return clusters(detections, iouThreshold, maxDetections).map(([leader, cluster]) => weightedMerge(leader, cluster));
}

/**
 * NonMaxSuppressionCalculator's DEFAULT algorithm: as the weighted one, but each cluster is its leader alone.
 * For detections of different origins (views of the image), where the best one should win unaltered.
 */
export function nonMaxSuppression(detections: readonly Detection[], iouThreshold: number): Detection[] {
  return clusters(detections, iouThreshold, Number.POSITIVE_INFINITY).map(([leader]) => leader);
}

/** Greedy clustering around the best-scoring remaining detection: [leader, its cluster including itself]. */
function clusters(detections: readonly Detection[], iouThreshold: number, maxClusters: number): [Detection, Detection[]][] {
  let remaining = [...detections].sort((a, b) => b.score - a.score);
  const found: [Detection, Detection[]][] = [];
  while (remaining.length > 0 && found.length < maxClusters) {
    const [leader, ...others] = remaining;
    const cluster = [leader];
    const rest: Detection[] = [];
    for (const other of others) {
      (intersectionOverUnion(other.box, leader.box) > iouThreshold ? cluster : rest).push(other);
    }
    found.push([leader, cluster]);
    remaining = rest;
  }
  return found;
}
