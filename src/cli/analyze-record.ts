import type { ExtractionResult, HandLandmarks } from '../extraction/hand-landmarker-result.js';
import { posesInFrame } from '../inference/classifiers/static-gesture-classifier.js';
import type { HandInference } from '../inference/inference-result.js';

/** One hand in `handflow analyze --json` output. Field names are part of the CLI's contract. */
export interface AnalyzeHandRecord {
  handedness: 'Left' | 'Right';
  score: number;
  box: [number, number, number, number];
  landmarks: [number, number, number][];
  world_landmarks: [number, number, number][];
  finger_count: number | null;
  fingers: boolean[] | null;
  gesture: string | null;
}

/** One image or video frame in `handflow analyze --json` output. */
export interface AnalyzeRecord {
  source: string;
  frame: number;
  timestamp_ms: number;
  width: number;
  height: number;
  hands: AnalyzeHandRecord[];
  finger_count: number | null;
}

const round = (value: number, digits: number): number => {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
};

function handRecord(hand: HandLandmarks, imageWidth: number, inference: HandInference): AnalyzeHandRecord {
  const { boundingBox: box } = hand;
  return {
    handedness: hand.handLabel,
    score: round(hand.confidence, 4),
    box: [round(box.x, 1), round(box.y, 1), round(box.width, 1), round(box.height, 1)],
    // z in pixels, the scale of x and y, as MediaPipe's normalised z times the image width.
    landmarks: hand.landmarks.map((l) => [round(l.pixelX, 2), round(l.pixelY, 2), round(l.z * imageWidth, 2)]),
    world_landmarks: hand.worldLandmarks.map((l) => [round(l.x, 5), round(l.y, 5), round(l.z, 5)]),
    finger_count: inference.fingers,
    fingers: inference.finger_states,
    gesture: inference.gesture,
  };
}

/**
 * The record of a frame. `inferences` are its hands' finger states and static gestures when a session's engine
 * has read them already (`handflow run`); otherwise each is read from this frame alone.
 */
export function analyzeRecord(source: string, frame: number, timestampMs: number, result: ExtractionResult, inferences: readonly HandInference[] = posesInFrame(result)): AnalyzeRecord {
  return {
    source,
    frame,
    timestamp_ms: round(timestampMs, 3),
    width: result.imageWidth,
    height: result.imageHeight,
    hands: result.hands.map((hand, index) => handRecord(hand, result.imageWidth, inferences[index]!)),
    // All hands together; null when there is no hand to count.
    finger_count: inferences.length === 0 ? null : inferences.reduce((sum, hand) => sum + hand.fingers, 0),
  };
}
