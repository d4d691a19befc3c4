import { createExtractionResult, type ExtractionResult, type HandLandmarks } from './hand-landmarker-result.js';
import type { FrameTransform } from '../preprocessing/crop-resize.js';

/**
 * Extraction results of a cropped or resized frame, moved back to the captured frame's pixels (and its
 * normalised coordinates). World landmarks are in metres and stay as they are.
 */
export function mapResultToSource(result: ExtractionResult, transform: FrameTransform, sourceWidth: number, sourceHeight: number): ExtractionResult {
  const { offsetX, offsetY, scaleX, scaleY } = transform;
  const toX = (x: number): number => offsetX + x / scaleX;
  const toY = (y: number): number => offsetY + y / scaleY;
  const hands = result.hands.map(
    (hand): HandLandmarks => ({
      ...hand,
      landmarks: hand.landmarks.map((point) => {
        const pixelX = toX(point.pixelX);
        const pixelY = toY(point.pixelY);
        // z is in units of the normalised x: pixels of depth over the frame width.
        const z = (point.z * result.imageWidth) / scaleX / sourceWidth;
        return { ...point, pixelX, pixelY, x: pixelX / sourceWidth, y: pixelY / sourceHeight, z };
      }),
      wristPosition: { x: toX(hand.wristPosition.x), y: toY(hand.wristPosition.y) },
      palmCenter: { x: toX(hand.palmCenter.x), y: toY(hand.palmCenter.y) },
      boundingBox: {
        x: toX(hand.boundingBox.x),
        y: toY(hand.boundingBox.y),
        width: hand.boundingBox.width / scaleX,
        height: hand.boundingBox.height / scaleY,
      },
    }),
  );
  const { extractionLatencyMs, frameTimestamp, timings } = result;
  return createExtractionResult({ hands, extractionLatencyMs, frameTimestamp, timings, imageWidth: sourceWidth, imageHeight: sourceHeight });
}
