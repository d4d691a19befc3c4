import ort from 'onnxruntime-node';
import { HandflowError, errorMessage } from '../core/errors.js';

/**
 * One ONNX model with a fixed NHWC float input, run on the CPU. The input buffer is allocated once and
 * filled by the caller for every frame, so the hot path allocates nothing for its input.
 */
export class OnnxModel {
  readonly input: Float32Array;
  private readonly inputTensor: ort.Tensor;

  private constructor(
    private readonly session: ort.InferenceSession,
    private readonly label: string,
    inputShape: readonly number[],
  ) {
    this.input = new Float32Array(inputShape.reduce((a, b) => a * b, 1));
    this.inputTensor = new ort.Tensor('float32', this.input, [...inputShape]);
  }

  static async load(path: string, label: string, inputShape: readonly number[], threads: number): Promise<OnnxModel> {
    try {
      const session = await ort.InferenceSession.create(path, {
        intraOpNumThreads: threads,
        interOpNumThreads: 1,
        graphOptimizationLevel: 'all',
        executionMode: 'sequential',
      });
      return new OnnxModel(session, label, inputShape);
    } catch (error) {
      throw new HandflowError(
        'MODEL_LOAD_FAILED',
        `ONNX Runtime could not load the ${label} model from ${path} (${errorMessage(error)}); delete that file to convert it again`,
        { cause: error },
      );
    }
  }

  /** Runs the model on `this.input`; outputs come back in the model's output order. */
  async run(): Promise<Float32Array[]> {
    const outputs = await this.session.run({ [this.session.inputNames[0]!]: this.inputTensor });
    return this.session.outputNames.map((name) => outputs[name]!.data as Float32Array);
  }

  async close(): Promise<void> {
    await this.session.release();
  }

  toString(): string {
    return this.label;
  }
}
