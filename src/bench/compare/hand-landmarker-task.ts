import type { LandmarkModelVariant } from '../../extraction/hand-landmarker-options.js';
import { readMediapipeModel } from '../../models/mediapipe-assets.js';
import { storedZip } from './stored-zip.js';
import { normalizationMetadata, withTfliteMetadata } from './tflite-metadata.js';

/** Both hand models take RGB scaled to 0-1, as handflow feeds them (src/preprocessing). */
const TO_UNIT_RANGE = { mean: 0, std: 255 };

/**
 * MediaPipe Tasks' `hand_landmarker.task` made of the very `.tflite` files handflow converts to ONNX (from
 * `@mediapipe/hands`), so both engines run the same models: a zip of `hand_detector.tflite` and
 * `hand_landmarks_detector.tflite`, the names the HandLandmarker graph looks for, each given the input
 * normalisation metadata Tasks requires.
 */
export async function handLandmarkerTask(model: LandmarkModelVariant): Promise<Uint8Array> {
  const metadata = normalizationMetadata(TO_UNIT_RANGE);
  const [detector, landmarks] = await Promise.all([readMediapipeModel(`palm_detection_${model}`), readMediapipeModel(`hand_landmark_${model}`)]);
  return storedZip([
    { name: 'hand_detector.tflite', data: withTfliteMetadata(detector, metadata) },
    { name: 'hand_landmarks_detector.tflite', data: withTfliteMetadata(landmarks, metadata) },
  ]);
}
