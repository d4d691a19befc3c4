import { Worker } from 'node:worker_threads';

// The threads started here load ONNX Runtime: its telemetry must be off in the process's environment first.
import '../models/onnx-runtime-telemetry.js';

import { HandflowError } from '../core/errors.js';
import { fromThreadError } from '../core/thread-error.js';
import type { RgbImage } from '../core/image.js';
import type { HandLandmarkerOptions } from './hand-landmarker-options.js';
import { createExtractionResult, type ExtractionResult } from './hand-landmarker-result.js';
import type { Landmarker } from './landmarker.js';
import type { LandmarkerReply, LandmarkerRequest } from './landmarker-thread.js';

/** How long a closing thread may take to release its models before it is stopped. */
const CLOSE_WAIT_MS = 2000;

/**
 * A HandLandmarker on a worker thread of its own: the same results, tracking kept in the thread, while this
 * thread decodes, classifies and sends. Sessions side by side in one process then use every core instead of
 * taking turns on one. One frame at a time. A frame whose pixels are in shared memory (a video's or a camera's,
 * see FramePool) is read there in place; other pixels are copied to the thread (about 0.3 ms for 640x480).
 */
export class ThreadedHandLandmarker implements Landmarker {
  private pending: { resolve: (result: ExtractionResult) => void; reject: (error: Error) => void } | undefined;
  private failure: Error | undefined;
  private closed: Promise<void> | undefined;
  /** Settles when the thread has gone, whether closed, stopped or crashed (an exit is told once, to whoever listens then). */
  private readonly exited: Promise<void>;

  private constructor(private readonly worker: Worker) {
    this.exited = new Promise((resolve) => worker.once('exit', () => resolve()));
    worker.on('message', (message: LandmarkerReply) => this.onReply(message));
    worker.on('error', (error) => this.fail(new HandflowError('MODEL_LOAD_FAILED', `the hand landmarker's thread failed: ${error.message}`)));
    worker.on('exit', () => this.fail(new HandflowError('MODEL_LOAD_FAILED', "the hand landmarker's thread has stopped")));
  }

  /** Starts the thread and loads the models there. @throws HandflowError MODEL_LOAD_FAILED, INVALID_OPTION */
  static async create(options: HandLandmarkerOptions = {}): Promise<ThreadedHandLandmarker> {
    const worker = new Worker(new URL('./landmarker-thread.js', import.meta.url), { workerData: options });
    const ready = await new Promise<LandmarkerReply>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    }).catch((error: unknown) => ({ kind: 'error' as const, message: String(error) }));
    if (ready.kind !== 'ready') {
      await worker.terminate();
      throw fromThreadError(ready.kind === 'error' ? ready : { message: "the hand landmarker's thread did not start" }, 'MODEL_LOAD_FAILED');
    }
    return new ThreadedHandLandmarker(worker);
  }

  detect(image: RgbImage): Promise<ExtractionResult> {
    return this.request({ image });
  }

  detectForVideo(image: RgbImage, timestampMs: number): Promise<ExtractionResult> {
    return this.request({ image, timestampMs });
  }

  close(): Promise<void> {
    this.failure ??= new HandflowError('MODEL_LOAD_FAILED', 'the hand models are closed');
    this.closed ??= (async () => {
      // A thread stuck in a model run is not waited for past this: its models go with it.
      const stuck = setTimeout(() => void this.worker.terminate(), CLOSE_WAIT_MS);
      this.worker.postMessage({ close: true } satisfies LandmarkerRequest);
      await this.exited;
      clearTimeout(stuck);
    })();
    return this.closed;
  }

  private request(request: LandmarkerRequest): Promise<ExtractionResult> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.pending) return Promise.reject(new Error('the hand landmarker is busy: one frame at a time'));
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.postMessage(request);
    });
  }

  private onReply(message: LandmarkerReply): void {
    const pending = this.pending;
    this.pending = undefined;
    if (!pending) return;
    if (message.kind === 'result') pending.resolve(createExtractionResult(message.result));
    else pending.reject(fromThreadError(message.kind === 'error' ? message : { message: 'unexpected reply from the hand landmarker thread' }, 'MODEL_LOAD_FAILED'));
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.pending?.reject(error);
    this.pending = undefined;
  }
}
