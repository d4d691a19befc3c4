/**
 * Worker-thread side of WorkerOnnxModel: owns one ONNX Runtime session and runs it on request, so the
 * model works on another core while the main thread does something else (the landmark model, decoding).
 */
import ort from '../models/onnx-runtime.js';
import { parentPort, workerData } from 'node:worker_threads';
import { errorMessage } from '../core/errors.js';
import { createSession, runSession } from './onnx-model.js';

export interface OnnxWorkerData {
  path: string;
  label: string;
  inputShape: number[];
  threads: number;
  /** The input tensor, written by the main thread before each run request. */
  sharedInput: SharedArrayBuffer;
}

export type OnnxWorkerReply =
  | { kind: 'ready' }
  | { kind: 'outputs'; outputs: Float32Array[]; modelMs: number }
  | { kind: 'error'; message: string };

const port = parentPort!;
const data = workerData as OnnxWorkerData;
const reply = (message: OnnxWorkerReply, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

try {
  const session = await createSession(data.path, data.label, data.threads);
  const shared = new Float32Array(data.sharedInput);
  // ONNX Runtime does not accept shared memory as a tensor: copy into a private buffer (about 0.05 ms).
  const input = new Float32Array(shared.length);
  const tensor = new ort.Tensor('float32', input, data.inputShape);
  port.on('message', () => {
    input.set(shared);
    const start = performance.now();
    runSession(session, tensor).then(
      (outputs) => reply({ kind: 'outputs', outputs, modelMs: performance.now() - start }, outputs.map((output) => output.buffer as ArrayBuffer)),
      (error: unknown) => reply({ kind: 'error', message: errorMessage(error) }),
    );
  });
  reply({ kind: 'ready' });
} catch (error) {
  reply({ kind: 'error', message: errorMessage(error) });
}
