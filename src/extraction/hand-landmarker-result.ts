/** Which of the person's hands: the real hand, not the side of the image it appears on. */
export const HAND_LABELS = ['Left', 'Right'] as const;
export type HandLabel = (typeof HAND_LABELS)[number];

/** A landmark in the image: normalised and pixel coordinates of the same point. */
export interface Landmark {
  /** 0-1 across the image width. */
  x: number;
  /** 0-1 down the image height. */
  y: number;
  /** Depth relative to the wrist, in the units of `x` (smaller is nearer the camera), as MediaPipe. */
  z: number;
  pixelX: number;
  pixelY: number;
  /** The hand's presence score: the hand models give no per-point visibility. */
  visibility: number;
}

/** A landmark in metres, relative to the hand's approximate centre. */
export interface WorldLandmark {
  x: number;
  y: number;
  z: number;
}

export interface PixelPoint {
  x: number;
  y: number;
}

/** One hand found in a frame. Landmark order is MediaPipe's: wrist, thumb 1-4, index 1-4, ... pinky 1-4. */
export interface HandLandmarks {
  handLabel: HandLabel;
  /** How sure the model is of `handLabel` (0.5-1). */
  handednessScore: number;
  landmarks: Landmark[];
  worldLandmarks: WorldLandmark[];
  /** The landmark model's hand presence score (0-1). */
  confidence: number;
  /** The wrist (landmark 0) in pixels. */
  wristPosition: PixelPoint;
  /** The mean of the wrist and the four finger bases (landmarks 0, 5, 9, 13, 17), in pixels. */
  palmCenter: PixelPoint;
  /** The landmarks' bounding box in pixels. */
  boundingBox: { x: number; y: number; width: number; height: number };
}

/** Where the time of one frame went, in milliseconds. */
export interface ExtractionTimings {
  /** Letterbox and crops into model tensors. */
  preprocessMs: number;
  /** Palm detector (0 when tracking made it unnecessary). */
  palmModelMs: number;
  /** Landmark model, all hands together. */
  landmarkModelMs: number;
  /** Decoding, suppression, projection and tracking. */
  postprocessMs: number;
}

export interface ExtractionResult {
  hands: HandLandmarks[];
  handsDetected: number;
  /** Mean presence score of the hands found; 0 when there are none. */
  modelConfidence: number;
  extractionLatencyMs: number;
  frameTimestamp: number;
  imageWidth: number;
  imageHeight: number;
  timings: ExtractionTimings;
  /** The first hand with this label, if any. */
  getHand(label: HandLabel): HandLandmarks | undefined;
}

export function createExtractionResult(fields: Omit<ExtractionResult, 'getHand' | 'handsDetected' | 'modelConfidence'>): ExtractionResult {
  const { hands } = fields;
  const modelConfidence = hands.length === 0 ? 0 : hands.reduce((sum, hand) => sum + hand.confidence, 0) / hands.length;
  return {
    ...fields,
    handsDetected: hands.length,
    modelConfidence,
    getHand: (label) => hands.find((hand) => hand.handLabel === label),
  };
}
