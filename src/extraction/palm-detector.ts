import type { RgbImage } from '../core/image.js';
import { ensureOnnxModel } from '../models/model-store.js';
import { applyExposure, darkImageExposure, type DarkExposure } from '../preprocessing/brighten-dark-tensor.js';
import { fillTensorRect } from '../preprocessing/fill-rect.js';
import { warpAffineToTensor } from '../preprocessing/warp.js';
import { PALM_DECODE_OPTIONS, decodePalmDetections } from './geometry/decode-detections.js';
import { weightedNonMaxSuppression } from './geometry/non-max-suppression.js';
import { detectionFromView, imageBoxInView, mergeViewDetections, viewToImageAffine, wholeImageView, type PalmView } from './geometry/palm-views.js';
import { PALM_DETECTION_ANCHOR_OPTIONS, generateSsdAnchors } from './geometry/ssd-anchors.js';
import type { BoundingBox } from './geometry/hand-box.js';
import type { Detection } from './geometry/types.js';
import type { LandmarkModelVariant } from './hand-landmarker-options.js';
import { OnnxModel, type TensorModel } from './onnx-model.js';
import { WorkerOnnxModel } from './worker-onnx-model.js';
import { elapsedMs } from './stopwatch.js';

const INPUT_SIZE = 192;
/** PalmDetectionCpu: NonMaxSuppressionCalculator's min_suppression_threshold. */
const NMS_IOU_THRESHOLD = 0.3;

/** What one search looks for and where. */
export interface PalmSearchOptions {
  /** Palms scoring at least this are `detections`. */
  minScore: number;
  /** Palms scoring from this up to `minScore` are `weakDetections`. Defaults to `minScore` (none). */
  weakScoreFloor?: number;
  /**
   * Regions (image pixels, e.g. hands already found) blacked out first, so the detector looks for other hands:
   * it tends to report one palm where two hands overlap. Defaults to none.
   */
  hidden?: readonly BoundingBox[];
  /** The parts of the image to look at, one model run each. Defaults to MediaPipe's: the whole image. */
  views?: readonly PalmView[];
}

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

  /**
   * `ownThread` (the default) runs the model in a worker thread, so it can run while the landmark model works on
   * the hands already tracked; without it, on the caller's thread, which saves the hand-overs where every core
   * already runs an engine of its own.
   */
  static async create(variant: LandmarkModelVariant, threads: number, modelDirectory?: string, ownThread = true): Promise<PalmDetector> {
    const path = await ensureOnnxModel(`palm_detection_${variant}`, modelDirectory);
    const label = `palm_detection_${variant}`;
    const shape = [1, INPUT_SIZE, INPUT_SIZE, 3];
    return new PalmDetector(ownThread ? await WorkerOnnxModel.load(path, label, shape, threads) : await OnnxModel.load(path, label, shape, threads));
  }

  /** Palms in `image`, in each of the views; palms seen in more than one view are kept once. */
  async detect(image: RgbImage, options: PalmSearchOptions): Promise<PalmDetectionRun> {
    const { minScore, weakScoreFloor = minScore, hidden = [], views = [wholeImageView(image.width, image.height)] } = options;
    const run: PalmDetectionRun = { detections: [], weakDetections: [], preprocessMs: 0, modelMs: 0, postprocessMs: 0 };
    const confident: Detection[][] = [];
    const weak: Detection[][] = [];
    // The detector misses palms in dark images as the landmark model misreads dim crops: every view of a dark
    // image is lifted by the one exposure a longer exposure of the whole image would give.
    const exposureStart = performance.now();
    const exposure = darkImageExposure(image);
    run.preprocessMs += elapsedMs(exposureStart);
    for (const view of views) {
      // The views share the one input tensor: each is searched before the next is drawn.
      const found = await this.detectInView(image, view, exposure, minScore, weakScoreFloor, hidden, run);
      confident.push(found.confident);
      weak.push(found.weak);
    }
    const mergeStart = performance.now();
    run.detections = mergeViewDetections(confident);
    run.weakDetections = mergeViewDetections(weak);
    run.postprocessMs += elapsedMs(mergeStart);
    return run;
  }

  private async detectInView(
    image: RgbImage,
    view: PalmView,
    exposure: DarkExposure,
    minScore: number,
    weakScoreFloor: number,
    hidden: readonly BoundingBox[],
    timings: PalmDetectionRun,
  ): Promise<{ confident: Detection[]; weak: Detection[] }> {
    // PalmDetectionCpu: ImageToTensorCalculator (for MediaPipe's view: keep aspect ratio, zero border, values in [0, 1]).
    const start = performance.now();
    warpAffineToTensor(image, viewToImageAffine(view, INPUT_SIZE), INPUT_SIZE, INPUT_SIZE, this.model.input, 'zero');
    applyExposure(this.model.input, exposure, INPUT_SIZE * INPUT_SIZE * 3);
    for (const box of hidden) fillTensorRect(this.model.input, INPUT_SIZE, INPUT_SIZE, imageBoxInView(box, view, INPUT_SIZE));
    timings.preprocessMs += elapsedMs(start);

    const { outputs: [boxes, scores], modelMs } = await this.model.run();
    timings.modelMs += modelMs;

    // TensorsToDetectionsCalculator, NonMaxSuppressionCalculator, DetectionLetterboxRemovalCalculator.
    const postprocessStart = performance.now();
    const decoded = decodePalmDetections(boxes!, scores!, this.anchors, { ...PALM_DECODE_OPTIONS, minScore: Math.min(minScore, weakScoreFloor) });
    // Weak palms are suppressed apart, so they never shift the boxes of confident ones (as MediaPipe's graph,
    // which never sees them).
    const suppress = (candidates: Detection[]) =>
      weightedNonMaxSuppression(candidates, NMS_IOU_THRESHOLD).map((detection) => detectionFromView(detection, view, image.width, image.height));
    const confident = suppress(decoded.filter((detection) => detection.score >= minScore));
    const weak = suppress(decoded.filter((detection) => detection.score < minScore));
    timings.postprocessMs += elapsedMs(postprocessStart);
    return { confident, weak };
  }

  close(): Promise<void> {
    return this.model.close();
  }
}
