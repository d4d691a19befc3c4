import { Worker } from 'node:worker_threads';

// The threads started here load ONNX Runtime: its telemetry must be off in the process's environment first.
import '../models/onnx-runtime-telemetry.js';
import { HandflowError } from '../core/errors.js';
import type { OnnxRunResult, TensorModel } from './onnx-model.js';
import type { OnnxWorkerData, OnnxWorkerReply } from './onnx-worker.js';

/**
 * A model run in its own worker thread. The main thread writes the input into shared memory and awaits the
 * outputs, free meanwhile to run another model: on two cores the palm detector and the landmark model then
 * run side by side.
 */
export class WorkerOnnxModel implements TensorModel {
  readonly input: Float32Array;
  private pending: { resolve: (result: OnnxRunResult) => void; reject: (error: Error) => void } | undefined;
  private failure: Error | undefined;
  private stopped: Promise<void> | undefined;

  private constructor(
    private readonly worker: Worker,
    sharedInput: SharedArrayBuffer,
    private readonly label: string,
  ) {
    this.input = new Float32Array(sharedInput);
    worker.on('message', (message: OnnxWorkerReply) => this.onReply(message));
    worker.on('error', (error) => this.fail(new HandflowError('MODEL_LOAD_FAILED', `the ${label} model's worker failed: ${error.message}`)));
    worker.on('exit', () => this.fail(new HandflowError('MODEL_LOAD_FAILED', `the ${label} model's worker has stopped`)));
  }

  static async load(path: string, label: string, inputShape: readonly number[], threads: number): Promise<WorkerOnnxModel> {
    const sharedInput = new SharedArrayBuffer(inputShape.reduce((a, b) => a * b, 1) * Float32Array.BYTES_PER_ELEMENT);
    const workerData: OnnxWorkerData = { path, label, inputShape: [...inputShape], threads, sharedInput };
    const worker = new Worker(new URL('./onnx-worker.js', import.meta.url), { workerData });
    const ready = await new Promise<OnnxWorkerReply>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    if (ready.kind !== 'ready') {
      await worker.terminate();
      throw new HandflowError('MODEL_LOAD_FAILED', ready.kind === 'error' ? ready.message : `the ${label} model's worker did not start`);
    }
    return new WorkerOnnxModel(worker, sharedInput, label);
  }

  run(): Promise<OnnxRunResult> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.pending) return Promise.reject(new Error(`the ${this.label} model is already running: one run at a time`));
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.postMessage('run');
    });
  }

  close(): Promise<void> {
    this.failure ??= new HandflowError('MODEL_LOAD_FAILED', `the ${this.label} model is closed`);
    this.stopped ??= this.worker.terminate().then(() => {});
    return this.stopped;
  }

  private onReply(message: OnnxWorkerReply): void {
    const pending = this.pending;
    this.pending = undefined;
    if (!pending) return;
    if (message.kind === 'outputs') pending.resolve({ outputs: message.outputs, modelMs: message.modelMs });
    else pending.reject(new Error(message.kind === 'error' ? message.message : 'unexpected reply from the model worker'));
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.pending?.reject(error);
    this.pending = undefined;
  }
}
