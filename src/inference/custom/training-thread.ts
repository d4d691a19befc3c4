/**
 * Worker-thread side of trainGesturesOffThread: trains the gestures file it is given and answers with the
 * trained file, so the quadratic work never holds up the thread that started it (a server's requests).
 */
import { parentPort, workerData } from 'node:worker_threads';

import { errorMessage } from '../../core/errors.js';
import type { GesturesFile } from './gestures-file.js';
import { trainGestures } from './train-gestures.js';

export type TrainingReply = { readonly kind: 'trained'; readonly file: GesturesFile } | { readonly kind: 'error'; readonly message: string; readonly code?: string };

const port = parentPort!;
try {
  port.postMessage({ kind: 'trained', file: trainGestures(workerData as GesturesFile) } satisfies TrainingReply);
} catch (error) {
  // An error as it crosses to the other thread: its message, and its HandflowError code when it has one.
  const code = (error as { code?: unknown }).code;
  port.postMessage({ kind: 'error', message: errorMessage(error), ...(typeof code === 'string' ? { code } : {}) } satisfies TrainingReply);
}
