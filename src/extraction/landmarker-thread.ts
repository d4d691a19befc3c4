/**
 * Worker-thread side of ThreadedHandLandmarker: one HandLandmarker (its models, its tracking state) for one
 * stream, run on request, so several streams of one process find hands on several cores.
 */
import { parentPort, workerData } from 'node:worker_threads';

import { errorMessage } from '../core/errors.js';
import type { RgbImage } from '../core/image.js';
import { HandLandmarker } from './hand-landmarker.js';
import type { HandLandmarkerOptions } from './hand-landmarker-options.js';
import type { ExtractionResult } from './hand-landmarker-result.js';

export type LandmarkerRequest = { readonly image: RgbImage; readonly timestampMs?: number } | { readonly close: true };

export type LandmarkerReply =
  | { readonly kind: 'ready' }
  | { readonly kind: 'result'; readonly result: Omit<ExtractionResult, 'getHand'> }
  | { readonly kind: 'error'; readonly message: string; readonly code?: string };

const port = parentPort!;
const reply = (message: LandmarkerReply): void => port.postMessage(message);
/** An error as it crosses to the other thread: its message, and its HandflowError code when it has one. */
const failure = (error: unknown): LandmarkerReply => {
  const code = (error as { code?: unknown }).code;
  return { kind: 'error', message: errorMessage(error), ...(typeof code === 'string' ? { code } : {}) };
};

try {
  const landmarker = await HandLandmarker.create(workerData as HandLandmarkerOptions);
  port.on('message', (request: LandmarkerRequest) => {
    if ('close' in request) {
      void landmarker.close().then(() => port.close());
      return;
    }
    const work = request.timestampMs === undefined ? landmarker.detect(request.image) : landmarker.detectForVideo(request.image, request.timestampMs);
    work.then(
      ({ getHand: _method, ...result }) => reply({ kind: 'result', result }),
      (error: unknown) => reply(failure(error)),
    );
  });
  reply({ kind: 'ready' });
} catch (error) {
  reply(failure(error));
}
