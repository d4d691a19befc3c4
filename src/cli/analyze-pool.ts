import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

// The threads started here load ONNX Runtime: its telemetry must be off in the process's environment first.
import '../models/onnx-runtime-telemetry.js';

import { HandflowError } from '../core/errors.js';
import type { HandLandmarkerOptions } from '../extraction/hand-landmarker-options.js';
import type { InputFile } from '../ingestion/input-files.js';
import type { EmitLine } from './analyze-input.js';
import type { AnalyzeReply, AnalyzeRequest, AnalyzeWorkerData } from './analyze-worker.js';

/** How one input ended: its summary, or why it failed. */
export type InputOutcome = { readonly ok: true; readonly summary: string } | { readonly ok: false; readonly message: string };

export interface AnalyzePoolOptions {
  readonly workers: number;
  readonly landmarker: HandLandmarkerOptions;
  /** Where record lines go, in input order; none when omitted (only summaries). */
  readonly emit?: EmitLine;
  /** Told of each input's outcome, in input order. */
  readonly onOutcome: (file: InputFile, outcome: InputOutcome) => void;
  /** Stops the analysis: the inputs under way end at their next frame, the threads close their engines. */
  readonly stop?: AbortSignal;
  /** Told once every worker has its engine loaded, before the first input is handed out. */
  readonly onLoaded?: () => void;
}

/** What came back for one input while an earlier one is still being written. */
interface Held {
  lines: string[];
  outcome?: InputOutcome;
}

/**
 * Analyses inputs on `workers` worker threads, each with its own landmark engine, handing the next input to
 * whichever is free; lines and outcomes come out in input order (those of later inputs wait in memory until
 * the earlier ones are written). A worker that dies fails its input; the others carry on.
 */
export async function analyzeOnWorkers(files: readonly InputFile[], options: AnalyzePoolOptions): Promise<void> {
  if (files.length === 0) return;
  const held = files.map((): Held => ({ lines: [] }));
  let nextToWrite = 0;
  let nextToHand = 0;
  let writing = Promise.resolve();

  // Writes what is complete at the head of the order; chained, so lines never interleave.
  const flush = (): void => {
    writing = writing.then(async () => {
      while (nextToWrite < files.length) {
        const head = held[nextToWrite]!;
        const lines = head.lines.splice(0);
        for (const line of lines) await options.emit?.(line);
        if (head.outcome === undefined) return;
        options.onOutcome(files[nextToWrite]!, head.outcome);
        nextToWrite++;
      }
    });
  };

  const workers = await startWorkers(Math.max(1, Math.min(options.workers, files.length)), options);
  options.onLoaded?.();
  await new Promise<void>((allDone) => {
    let running = 0;
    let alive = workers.length;
    const handNext = (worker: Worker): void => {
      if (nextToHand >= files.length || options.stop?.aborted) {
        worker.postMessage({ type: 'stop' } satisfies AnalyzeRequest);
        if (running === 0) allDone();
        return;
      }
      const index = nextToHand++;
      running++;
      let finished = false;
      const finish = (outcome: InputOutcome): void => {
        if (finished) return;
        finished = true;
        running--;
        held[index]!.outcome = outcome;
        flush();
      };
      const onMessage = (reply: AnalyzeReply): void => {
        if (!('index' in reply) || reply.index !== index) return;
        if (reply.type === 'line') {
          held[index]!.lines.push(reply.line);
          if (index === nextToWrite) flush();
          return;
        }
        worker.off('message', onMessage);
        worker.off('exit', onExit);
        finish(reply.type === 'done' ? { ok: true, summary: reply.summary } : { ok: false, message: reply.message });
        handNext(worker);
      };
      const onExit = (code: number): void => {
        worker.off('message', onMessage);
        alive--;
        finish({ ok: false, message: `the analysing thread stopped (exit code ${code})` });
        // Its remaining share goes to the others; with none left, the rest fail rather than hang.
        if (alive === 0) {
          while (nextToHand < files.length) held[nextToHand++]!.outcome = { ok: false, message: 'no analysing thread left' };
          flush();
        }
        if (running === 0 && nextToHand >= files.length) allDone();
      };
      worker.on('message', onMessage);
      worker.once('exit', onExit);
      worker.postMessage({ type: 'analyze', index, file: files[index]! } satisfies AnalyzeRequest);
    };
    options.stop?.addEventListener('abort', () => {
      for (const worker of workers) worker.postMessage({ type: 'stop' } satisfies AnalyzeRequest);
    });
    for (const worker of workers) handNext(worker);
  });
  // Every thread closes its engine before it ends: the process may exit once they have.
  await Promise.all(workers.map((worker) => exits.get(worker)));
  flush();
  await writing;
}

/** When each worker thread has ended, watched from its start so an early end is not missed. */
const exits = new WeakMap<Worker, Promise<unknown>>();

/** `count` workers with their engines loaded, or none: one that cannot load stops the others. */
async function startWorkers(count: number, options: AnalyzePoolOptions): Promise<Worker[]> {
  // With a worker on every core, a palm thread each would only compete with the other workers: on 2 cores, 2 workers
  // analysed 5-10% more photos a second running the palm detector on their own thread than on a thread of its own.
  const palmThread = count < availableParallelism();
  const started = await Promise.allSettled(Array.from({ length: count }, () => startWorker(options, palmThread)));
  const workers = started.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
  const failure = started.find((outcome) => outcome.status === 'rejected');
  if (failure === undefined) return workers;
  await Promise.all(workers.map((worker) => worker.terminate()));
  throw failure.reason;
}

/** A worker with its engine loaded. @throws HandflowError MODEL_LOAD_FAILED when the engine cannot load. */
function startWorker(options: AnalyzePoolOptions, palmThread: boolean): Promise<Worker> {
  const workerData: AnalyzeWorkerData = { landmarker: options.landmarker, lines: options.emit !== undefined, palmThread };
  const worker = new Worker(new URL('./analyze-worker.js', import.meta.url), { workerData });
  exits.set(worker, new Promise((ended) => worker.once('exit', ended)));
  return new Promise((resolve, reject) => {
    const onReply = (reply: AnalyzeReply): void => {
      if (reply.type === 'ready') {
        worker.off('message', onReply);
        worker.off('error', reject);
        // A thread that throws later also exits: its input fails through the exit, nothing more to do here.
        worker.on('error', () => {});
        resolve(worker);
      } else if (reply.type === 'load-failed') {
        reject(new HandflowError('MODEL_LOAD_FAILED', reply.message));
      }
    };
    worker.on('message', onReply);
    worker.on('error', reject);
  });
}
