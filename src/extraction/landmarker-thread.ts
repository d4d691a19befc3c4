/**
 * Worker-thread side of ThreadedHandLandmarker: one HandLandmarker (its models, its tracking state) for one
 * stream, run on request, so several streams of one process find hands on several cores.
 */
import { parentPort, workerData } from 'node:worker_threads';

import { toThreadError, type ThreadError } from '../core/thread-error.js';
import type { RgbImage } from '../core/image.js';
import { HandLandmarker } from './hand-landmarker.js';
import type { HandLandmarkerOptions } from './hand-landmarker-options.js';
import type { ExtractionResult } from './hand-landmarker-result.js';

export type LandmarkerRequest = { readonly image: RgbImage; readonly timestampMs?: number } | { readonly close: true };

export type LandmarkerReply =
  | { readonly kind: 'ready' }
  | { readonly kind: 'result'; readonly result: Omit<ExtractionResult, 'getHand'> }
  | ({ readonly kind: 'error' } & ThreadError);

const port = parentPort!;
const reply = (message: LandmarkerReply): void => port.postMessage(message);
const failure = (error: unknown): LandmarkerReply => ({ kind: 'error', ...toThreadError(error) });

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
