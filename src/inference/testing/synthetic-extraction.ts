import { createExtractionResult, type ExtractionResult, type HandLabel, type HandLandmarks } from '../../extraction/hand-landmarker-result.js';
import type { Vector3 } from '../geometry/vector3.js';

const WIDTH = 640;
const HEIGHT = 480;

/** A hand as the landmark engine reports it, from pixel points (z in pixels too) of a 640x480 frame. */
export function syntheticHandLandmarks(points: readonly Vector3[], handLabel: HandLabel = 'Right', confidence = 0.95): HandLandmarks {
  const xs = points.map((point) => point.x);
  const ys = points.map((point) => point.y);
  const palm = [0, 5, 9, 13, 17].map((index) => points[index]!);
  return {
    handLabel,
    handednessScore: 0.9,
    landmarks: points.map(({ x, y, z }) => ({ x: x / WIDTH, y: y / HEIGHT, z: z / WIDTH, pixelX: x, pixelY: y, visibility: confidence })),
    worldLandmarks: points.map(({ x, y, z }) => ({ x: x / 1000, y: y / 1000, z: z / 1000 })),
    confidence,
    wristPosition: { x: points[0]!.x, y: points[0]!.y },
    palmCenter: { x: palm.reduce((sum, p) => sum + p.x, 0) / 5, y: palm.reduce((sum, p) => sum + p.y, 0) / 5 },
    boundingBox: { x: Math.min(...xs), y: Math.min(...ys), width: Math.max(...xs) - Math.min(...xs), height: Math.max(...ys) - Math.min(...ys) },
  };
}

/** A 640x480 frame at `timestampMs` holding these hands. */
export function syntheticExtraction(hands: HandLandmarks[], timestampMs: number): ExtractionResult {
  const timings = { preprocessMs: 0, palmModelMs: 0, landmarkModelMs: 0, postprocessMs: 0 };
  return createExtractionResult({ hands, extractionLatencyMs: 0, frameTimestamp: timestampMs, imageWidth: WIDTH, imageHeight: HEIGHT, timings });
}
