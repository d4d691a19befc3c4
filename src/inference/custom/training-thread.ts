/**
 * Worker-thread side of trainGesturesOffThread: trains the gestures file it is given and answers with the
 * trained file, so the quadratic work never holds up the thread that started it (a server's requests).
 */
import { parentPort, workerData } from 'node:worker_threads';

import { toThreadError, type ThreadError } from '../../core/thread-error.js';
import type { GesturesFile } from './gestures-file.js';
import { trainGestures } from './train-gestures.js';

export type TrainingReply = { readonly kind: 'trained'; readonly file: GesturesFile } | ({ readonly kind: 'error' } & ThreadError);

const port = parentPort!;
try {
  port.postMessage({ kind: 'trained', file: trainGestures(workerData as GesturesFile) } satisfies TrainingReply);
} catch (error) {
  port.postMessage({ kind: 'error', ...toThreadError(error) } satisfies TrainingReply);
}
