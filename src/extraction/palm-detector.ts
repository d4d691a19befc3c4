import type { RgbImage } from '../core/image.js';
import { ensureOnnxModel } from '../models/model-store.js';
import { fillTensorRect } from '../preprocessing/fill-rect.js';
import { warpAffineToTensor } from '../preprocessing/warp.js';
import { PALM_DECODE_OPTIONS, decodePalmDetections } from './geometry/decode-detections.js';
import { weightedNonMaxSuppression } from './geometry/non-max-suppression.js';
import { letterboxAffine } from './geometry/rect-affine.js';
import { letterboxPadding, removeDetectionLetterbox } from './geometry/remove-letterbox.js';
import { PALM_DETECTION_ANCHOR_OPTIONS, generateSsdAnchors } from './geometry/ssd-anchors.js';
import type { BoundingBox } from './geometry/hand-box.js';
import type { Detection } from './geometry/types.js';
import type { LandmarkModelVariant } from './hand-landmarker-options.js';
import type { TensorModel } from './onnx-model.js';
import { WorkerOnnxModel } from './worker-onnx-model.js';
import { elapsedMs } from './stopwatch.js';

const INPUT_SIZE = 192;
/** PalmDetectionCpu: NonMaxSuppressionCalculator's min_suppression_threshold. */
const NMS_IOU_THRESHOLD = 0.3;

export interface PalmDetectionRun {
  /** Palms scoring at least `minScore`, in coordinates normalised to the source image, best first. */
  detections: Detection[];
  /** Palms scoring from `weakScoreFloor` up to `minScore`, suppressed among themselves, best first. */
  weakDetections: Detection[];
  preprocessMs: number;
  modelMs: number;
  postprocessMs: number;
}

/** MediaPipe's palm detector (PalmDetectionCpu): letterbox to 192x192, SSD decoding, weighted NMS. */
export class PalmDetector {
  private readonly anchors = generateSsdAnchors(PALM_DETECTION_ANCHOR_OPTIONS);

  private constructor(private readonly model: TensorModel) {}

  static async create(variant: LandmarkModelVariant, threads: number, modelDirectory?: string): Promise<PalmDetector> {
    const path = await ensureOnnxModel(`palm_detection_${variant}`, modelDirectory);
    // In a worker thread, so it can run while the landmark model works on the hands already tracked.
    return new PalmDetector(await WorkerOnnxModel.load(path, `palm_detection_${variant}`, [1, INPUT_SIZE, INPUT_SIZE, 3], threads));
  }

  /**
   * Palms in `image`. `hidden` regions (image pixels, e.g. hands already found) are blacked out first, so
   * the detector looks for other hands: it tends to report one palm where two hands overlap.
   */
  async detect(image: RgbImage, minScore: number, weakScoreFloor = minScore, hidden: readonly BoundingBox[] = []): Promise<PalmDetectionRun> {
    // PalmDetectionCpu: ImageToTensorCalculator (keep aspect ratio, zero border, values in [0, 1]).
    const start = performance.now();
    const toTensor = letterboxAffine(image.width, image.height, INPUT_SIZE, INPUT_SIZE);
    warpAffineToTensor(image, toTensor, INPUT_SIZE, INPUT_SIZE, this.model.input, 'zero');
    for (const box of hidden) {
      // The letterbox matrix maps tensor pixels to image pixels with no rotation: invert it per axis.
      const [scaleX, , offsetX, , scaleY, offsetY] = toTensor;
      fillTensorRect(this.model.input, INPUT_SIZE, INPUT_SIZE, {
        x0: (box.x - offsetX!) / scaleX!,
        y0: (box.y - offsetY!) / scaleY!,
        x1: (box.x + box.width - offsetX!) / scaleX!,
        y1: (box.y + box.height - offsetY!) / scaleY!,
      });
    }
    const preprocessMs = elapsedMs(start);

    const { outputs: [boxes, scores], modelMs } = await this.model.run();

    // TensorsToDetectionsCalculator, NonMaxSuppressionCalculator, DetectionLetterboxRemovalCalculator.
    const postprocessStart = performance.now();
    const decoded = decodePalmDetections(boxes!, scores!, this.anchors, { ...PALM_DECODE_OPTIONS, minScore: Math.min(minScore, weakScoreFloor) });
    const padding = letterboxPadding(image.width, image.height, INPUT_SIZE, INPUT_SIZE);
    // Weak palms are suppressed apart, so they never shift the boxes of confident ones (as MediaPipe's graph,
    // which never sees them).
    const suppress = (candidates: Detection[]) =>
      weightedNonMaxSuppression(candidates, NMS_IOU_THRESHOLD).map((detection) => removeDetectionLetterbox(detection, padding));
    const detections = suppress(decoded.filter((detection) => detection.score >= minScore));
    const weakDetections = suppress(decoded.filter((detection) => detection.score < minScore));
    return { detections, weakDetections, preprocessMs, modelMs, postprocessMs: elapsedMs(postprocessStart) };
  }

  close(): Promise<void> {
    return this.model.close();
  }
}
