import type { RgbImage } from '../core/image.js';
import { ensureOnnxModel } from '../models/model-store.js';
import { brightenDarkTensor } from '../preprocessing/brighten-dark-tensor.js';
import { warpAffineToTensor } from '../preprocessing/warp.js';
import { projectLandmarks, projectWorldLandmarks } from './geometry/project-landmarks.js';
import { cropToImageAffine } from './geometry/rect-affine.js';
import type { RotatedRect } from './geometry/types.js';
import type { LandmarkModelVariant, ModelPrecision } from './hand-landmarker-options.js';
import { OnnxModel } from './onnx-model.js';
import { elapsedMs } from './stopwatch.js';

/** The landmark model's input: a square crop of this many pixels a side, RGB in 0-1. */
export const LANDMARK_INPUT_SIZE = 224;
const INPUT_SIZE = LANDMARK_INPUT_SIZE;
const LANDMARK_COUNT = 21;

/** The landmark model's answer for one hand rectangle, projected back onto the source image. */
export interface HandLandmarkRun {
  /** 21 x (x, y, z) in source pixels; z is depth in the same pixel scale. */
  landmarks: Float32Array;
  /** 21 x (x, y, z) in metres, rotated into the image's axes. */
  worldLandmarks: Float32Array;
  /** Probability that the crop shows a hand. */
  presence: number;
  /** The model's handedness output: probability of a left hand if the image were mirrored (MediaPipe's label). */
  leftIfMirrored: number;
  preprocessMs: number;
  modelMs: number;
  postprocessMs: number;
}

/** The model's input for a hand rectangle: the rotated crop, brightened when dim, written into `tensor`. */
export function writeLandmarkInput(image: RgbImage, rect: RotatedRect, tensor: Float32Array): void {
  warpAffineToTensor(image, cropToImageAffine(rect, INPUT_SIZE, INPUT_SIZE), INPUT_SIZE, INPUT_SIZE, tensor, 'replicate');
  // The model misreads fingers in dim crops: lift them towards the brightness it was trained on.
  brightenDarkTensor(tensor, INPUT_SIZE * INPUT_SIZE * 3);
}

/** MediaPipe's HandLandmarkCpu: rotated 224x224 crop, landmark model, projection back to the image. */
export class HandLandmarkModel {
  private constructor(private readonly model: OnnxModel) {}

  static async create(variant: LandmarkModelVariant, threads: number, modelDirectory?: string, precision: ModelPrecision = 'float32'): Promise<HandLandmarkModel> {
    const path = await ensureOnnxModel(`hand_landmark_${variant}`, modelDirectory, precision);
    return new HandLandmarkModel(await OnnxModel.load(path, `hand_landmark_${variant}`, [1, INPUT_SIZE, INPUT_SIZE, 3], threads));
  }

  async run(image: RgbImage, rect: RotatedRect): Promise<HandLandmarkRun> {
    const start = performance.now();
    writeLandmarkInput(image, rect, this.model.input);
    const preprocessMs = elapsedMs(start);

    const {
      outputs: [landmarks, presence, handedness, world],
      modelMs,
    } = await this.model.run();

    const postprocessStart = performance.now();
    const projected = projectLandmarks(landmarks!, INPUT_SIZE, rect, new Float32Array(LANDMARK_COUNT * 3));
    const worldLandmarks = projectWorldLandmarks(world!, rect.rotation, new Float32Array(LANDMARK_COUNT * 3));
    return {
      landmarks: projected,
      worldLandmarks,
      presence: presence![0]!,
      leftIfMirrored: handedness![0]!,
      preprocessMs,
      modelMs,
      postprocessMs: elapsedMs(postprocessStart),
    };
  }

  close(): Promise<void> {
    return this.model.close();
  }
}
