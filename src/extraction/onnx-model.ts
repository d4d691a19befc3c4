import ort from '../models/onnx-runtime.js';
import { HandflowError, errorMessage } from '../core/errors.js';

/** A model with one fixed-size float input that callers fill in place, then run. */
export interface TensorModel {
  /** The input tensor's data (NHWC), allocated once and reused for every run. */
  readonly input: Float32Array;
  /** Runs the model on `input`; outputs come back in the model's output order. One run at a time. */
  run(): Promise<OnnxRunResult>;
  /** Releases the model; safe to call twice. Runs after it are refused. */
  close(): Promise<void>;
}

export interface OnnxRunResult {
  outputs: Float32Array[];
  /** Time inside ONNX Runtime, excluding any hand-over between threads. */
  modelMs: number;
}

/** Session settings shared by every handflow model: CPU, graph optimisations on, a fixed thread count. */
export function sessionOptions(threads: number): ort.InferenceSession.SessionOptions {
  return { intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all', executionMode: 'sequential' };
}

export async function createSession(path: string, label: string, threads: number): Promise<ort.InferenceSession> {
  try {
    return await ort.InferenceSession.create(path, sessionOptions(threads));
  } catch (error) {
    throw new HandflowError(
      'MODEL_LOAD_FAILED',
      `ONNX Runtime could not load the ${label} model from ${path} (${errorMessage(error)}); delete that file to convert it again`,
      { cause: error },
    );
  }
}

/** Runs one session and returns its outputs' data in output order. */
export async function runSession(session: ort.InferenceSession, input: ort.Tensor): Promise<Float32Array[]> {
  const outputs = await session.run({ [session.inputNames[0]!]: input });
  return session.outputNames.map((name) => outputs[name]!.data as Float32Array);
}

/** A model run on the calling thread. ONNX Runtime's Node binding blocks the event loop while it runs. */
export class OnnxModel implements TensorModel {
  readonly input: Float32Array;
  private readonly inputTensor: ort.Tensor;
  /** ONNX Runtime throws when a session is released twice: the first release is the only one. */
  private released: Promise<void> | undefined;

  private constructor(
    private readonly session: ort.InferenceSession,
    private readonly label: string,
    inputShape: readonly number[],
  ) {
    this.input = new Float32Array(inputShape.reduce((a, b) => a * b, 1));
    this.inputTensor = new ort.Tensor('float32', this.input, [...inputShape]);
  }

  static async load(path: string, label: string, inputShape: readonly number[], threads: number): Promise<OnnxModel> {
    return new OnnxModel(await createSession(path, label, threads), label, inputShape);
  }

  async run(): Promise<OnnxRunResult> {
    if (this.released) throw new HandflowError('MODEL_LOAD_FAILED', `the ${this.label} model is closed`);
    const start = performance.now();
    const outputs = await runSession(this.session, this.inputTensor);
    return { outputs, modelMs: performance.now() - start };
  }

  close(): Promise<void> {
    this.released ??= this.session.release();
    return this.released;
  }
}
