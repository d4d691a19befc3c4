import { Worker } from 'node:worker_threads';

import { fromThreadError } from '../../core/thread-error.js';
import type { GesturesFile } from './gestures-file.js';
import type { TrainingReply } from './training-thread.js';

/**
 * trainGestures on a worker thread of its own, started for this training and gone after it: the same trained
 * file, while this thread goes on answering (a server's health checks, its sessions' frames). Training compares
 * every sample with every other, so even at the sample caps it is hundreds of milliseconds of one core.
 * @throws HandflowError NOT_TRAINABLE, as trainGestures does
 */
export async function trainGesturesOffThread(file: GesturesFile): Promise<GesturesFile> {
  const worker = new Worker(new URL('./training-thread.js', import.meta.url), { workerData: file });
  try {
    const reply = await new Promise<TrainingReply>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`it stopped (exit code ${code}) before answering`)));
    }).catch((error: unknown): TrainingReply => ({ kind: 'error', message: `the gesture training thread failed: ${error instanceof Error ? error.message : String(error)}` }));
    if (reply.kind === 'trained') return reply.file;
    throw fromThreadError(reply);
  } finally {
    await worker.terminate();
  }
}
