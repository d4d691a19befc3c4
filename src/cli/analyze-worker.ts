import { parentPort, workerData } from 'node:worker_threads';

import { errorMessage } from '../core/errors.js';
import type { HandLandmarkerOptions } from '../extraction/hand-landmarker-options.js';
import { HandLandmarker } from '../extraction/hand-landmarker.js';
import type { InputFile } from '../ingestion/input-files.js';
import { analyzeInput } from './analyze-input.js';

/** What the pool tells a worker. */
export type AnalyzeRequest = { readonly type: 'analyze'; readonly index: number; readonly file: InputFile } | { readonly type: 'stop' };

/** What a worker tells the pool. */
export type AnalyzeReply =
  | { readonly type: 'ready' }
  | { readonly type: 'load-failed'; readonly message: string }
  | { readonly type: 'line'; readonly index: number; readonly line: string }
  | { readonly type: 'done'; readonly index: number; readonly summary: string }
  | { readonly type: 'failed'; readonly index: number; readonly message: string };

export interface AnalyzeWorkerData {
  readonly landmarker: HandLandmarkerOptions;
  /** Send each frame's record line (`--json`); otherwise only the summaries. */
  readonly lines: boolean;
  /** Run the palm detector on a thread of its own (HandLandmarker.create's placement). */
  readonly palmThread: boolean;
}

/*
 * One worker of `handflow analyze --workers N`: its own landmark engine (models, palm thread), analysing one
 * input at a time as the pool hands them out.
 */
const port = parentPort!;
const { landmarker: options, lines, palmThread } = workerData as AnalyzeWorkerData;
const send = (reply: AnalyzeReply): void => port.postMessage(reply);

let landmarker: HandLandmarker;
try {
  landmarker = await HandLandmarker.create(options, { palmThread });
  send({ type: 'ready' });
} catch (error) {
  send({ type: 'load-failed', message: errorMessage(error) });
  process.exit(1);
}

const stopping = new AbortController();
let current: Promise<void> = Promise.resolve();

port.on('message', (request: AnalyzeRequest) => {
  if (request.type === 'stop') {
    // The input under way ends at its next frame; the engine closes once it has, then the thread ends.
    stopping.abort();
    void current.then(() => landmarker.close()).then(() => port.close());
    return;
  }
  const { index, file } = request;
  const emit = lines ? async (line: string) => send({ type: 'line', index, line }) : async () => {};
  current = analyzeInput(landmarker, file, emit, stopping.signal).then(
    (summary) => send({ type: 'done', index, summary }),
    (error: unknown) => send({ type: 'failed', index, message: errorMessage(error) }),
  );
});
