import { Worker } from 'node:worker_threads';

import { HandflowError } from '../core/errors.js';
import type { FrameSize } from '../core/image.js';
import { fromThreadError } from '../core/thread-error.js';
import { resolveFfmpeg } from './ffmpeg-binary.js';
import { ffmpegDialect } from './ffmpeg-dialect.js';
import type { FrameProducer, FrameSink } from './frame-source.js';
import { openLiveInput, type LiveInputSpec } from './live-input.js';
import type { LiveReaderData, LiveReaderMessage, LiveReaderRequest } from './live-reader-thread.js';
import type { LiveStreamSettings } from './live-stream-producer.js';

/** How long a stopped reader may take to kill its ffmpeg and end before its thread is stopped. */
const STOP_WAIT_MS = 2000;

/**
 * A camera or network stream read on a thread of its own (see LiveStreamProducer for reconnections and stalls).
 * The pipeline's models block the thread they run on, and while nothing reads ffmpeg's output ffmpeg stops reading
 * the stream, which piles up before it: a pipeline slower than the camera fell further behind with every frame
 * (5.4 s further behind after 6 s of a 25 fps stream at 100 ms a frame) and dropped none. The reader thread keeps
 * reading; it holds what it reads until the pipeline asks, dropping frames gone stale meanwhile (counted), as the
 * source's own buffer does, so the pipeline works on what the camera sees now.
 */
export class ThreadedLiveProducer implements FrameProducer {
  /** A recording (see LiveStreamSettings.recording) is read as a file is: every frame, at the pipeline's pace. */
  readonly live: boolean;
  readonly stills = false;
  private scaleTo: FrameSize | undefined;
  /** The reader's numbers for the arrays of the frames it shared (see `recycle`). */
  private readonly arrayNumbers = new WeakMap<Uint8Array, number>();
  /** Hands an array back to the reader thread, while it runs. */
  private handBack: ((array: number) => void) | undefined;

  constructor(
    readonly kind: 'webcam' | 'network',
    readonly label: string,
    private readonly spec: LiveInputSpec,
    private readonly settings: LiveStreamSettings,
    /** The source's buffer size: the reader holds no more frames than that either. */
    private readonly maxHeld: number,
  ) {
    this.live = !settings.recording;
  }

  /** Finds the camera or checks the URL here, so that a mistake is reported before any thread starts. */
  async prepare(): Promise<void> {
    await openLiveInput(this.spec);
  }

  scaleWhileDecoding(size: FrameSize): void {
    this.scaleTo = size;
  }

  /** The frame's array goes back to the reader thread to be filled again. */
  recycle(data: Uint8Array): void {
    const array = this.arrayNumbers.get(data);
    if (array === undefined) return;
    this.arrayNumbers.delete(data);
    this.handBack?.(array);
  }

  async run(sink: FrameSink, signal: AbortSignal): Promise<void> {
    const { kind, label, spec, settings, maxHeld } = this;
    const binary = resolveFfmpeg();
    const ffmpeg = { binary, dialect: await ffmpegDialect(binary.path) };
    // Stopped while ffmpeg was checked: no abort event would reach a thread started now.
    if (signal.aborted) return;
    const data: LiveReaderData = { kind, label, spec, settings, maxHeld, ffmpeg, ...(this.scaleTo === undefined ? {} : { scaleTo: this.scaleTo }) };
    const worker = new Worker(new URL('./live-reader-thread.js', import.meta.url), { workerData: data });
    const request = (message: LiveReaderRequest): void => worker.postMessage(message);
    this.handBack = (array) => request({ done: array });
    const stop = (): void => {
      request({ stop: true });
      setTimeout(() => void worker.terminate(), STOP_WAIT_MS).unref();
    };
    signal.addEventListener('abort', stop, { once: true });
    // Frames are asked for when the pipeline wants one and none is on its way: the reader then sends those it holds.
    let asked = true;
    sink.whenWanted(() => {
      if (asked) return;
      asked = true;
      request({ more: true });
    });
    // Frames are accepted in order, each after the one before.
    let accepting = Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      let outcome: (() => void) | undefined;
      worker.on('message', (message: LiveReaderMessage) => {
        switch (message.kind) {
          case 'frames': {
            asked = false;
            const arrivedAt = performance.timeOrigin + performance.now();
            accepting = accepting.then(async () => {
              if (message.dropped > 0) sink.skipped(message.dropped);
              for (const { frame, readAt, array } of message.frames) {
                this.arrayNumbers.set(frame.image.data, array);
                await sink.accept({ ...frame, waitedMs: Math.max(0, arrivedAt - readAt) });
              }
            });
            break;
          }
          case 'problem':
            sink.problem({ error: fromThreadError(message.error, 'SOURCE_UNAVAILABLE'), recovering: message.recovering, frameLost: message.frameLost });
            break;
          case 'reconnected':
            sink.reconnected();
            break;
          case 'ended':
            outcome = resolve;
            break;
          case 'failed': {
            const error = fromThreadError(message.error, 'SOURCE_UNAVAILABLE');
            outcome = () => reject(error);
            break;
          }
        }
      });
      worker.once('error', (error) => {
        outcome ??= () => reject(new HandflowError('SOURCE_UNAVAILABLE', `${this.label}: the thread reading it failed: ${error.message}`));
      });
      worker.once('exit', () => {
        this.handBack = undefined;
        signal.removeEventListener('abort', stop);
        const settle = outcome ?? (signal.aborted ? resolve : () => reject(new HandflowError('SOURCE_UNAVAILABLE', `${this.label}: the thread reading it stopped`)));
        void accepting.then(settle, reject);
      });
    });
  }
}
