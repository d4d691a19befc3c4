/**
 * Thread side of ThreadedLiveProducer: reads one camera or network stream (ffmpeg, reconnections, the stall
 * watchdog) and keeps only the newest frame the source has not yet taken, so a pipeline that blocks its own thread
 * never leaves ffmpeg's output unread and the stream piling up behind it.
 */
import { parentPort, workerData } from 'node:worker_threads';

import type { FrameSize } from '../core/image.js';
import { toThreadError, type ThreadError } from '../core/thread-error.js';
import type { RawFrame } from './captured-frame.js';
import type { FrameSink } from './frame-source.js';
import { openLiveInput, type LiveInputSpec } from './live-input.js';
import { LiveStreamProducer, type LiveStreamSettings } from './live-stream-producer.js';

export interface LiveReaderData {
  readonly kind: 'webcam' | 'network';
  readonly label: string;
  readonly spec: LiveInputSpec;
  readonly settings: LiveStreamSettings;
  readonly scaleTo?: FrameSize;
}

/** `more`: the pipeline wants a frame, send the newest (or the next read); `stop`: stop reading and end. */
export type LiveReaderRequest = { readonly more: true } | { readonly stop: true };

export type LiveReaderMessage =
  | {
      readonly kind: 'frame';
      readonly frame: RawFrame;
      /** When this thread had the frame, in ms since the epoch (`performance.timeOrigin + performance.now()`). */
      readonly readAt: number;
      /** Frames read since the last one sent and dropped for this newer one. */
      readonly dropped: number;
    }
  | { readonly kind: 'problem'; readonly error: ThreadError; readonly recovering: boolean; readonly frameLost: boolean }
  | { readonly kind: 'reconnected' }
  | { readonly kind: 'ended' }
  | { readonly kind: 'failed'; readonly error: ThreadError };

const port = parentPort!;
const data = workerData as LiveReaderData;
const post = (message: LiveReaderMessage, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);

/** The newest frame not sent yet, and how many were dropped for it. */
let held: { frame: RawFrame; readAt: number } | undefined;
let dropped = 0;
/** Whether the pipeline has asked for a frame and not had it yet: the first is sent unasked. */
let ready = true;

function send(): void {
  if (held === undefined) return;
  const { frame, readAt } = held;
  post({ kind: 'frame', frame, readAt, dropped }, [frame.image.data.buffer as ArrayBuffer]);
  held = undefined;
  dropped = 0;
  ready = false;
}

const sink: FrameSink = {
  accept: async (frame) => {
    if (held !== undefined) dropped += 1;
    held = { frame, readAt: performance.timeOrigin + performance.now() };
    if (ready) send();
  },
  duePositionMs: () => undefined,
  skipped: (frames) => {
    dropped += frames;
  },
  resumedAt: () => undefined,
  whenWanted: () => undefined,
  problem: ({ error, recovering, frameLost }) => post({ kind: 'problem', error: toThreadError(error), recovering, frameLost }),
  reconnected: () => post({ kind: 'reconnected' }),
};

const stop = new AbortController();
port.on('message', (request: LiveReaderRequest) => {
  if ('stop' in request) {
    stop.abort();
    return;
  }
  ready = true;
  send();
});

const producer = new LiveStreamProducer(data.kind, data.label, () => openLiveInput(data.spec), data.settings);
try {
  await producer.prepare();
  if (data.scaleTo !== undefined) producer.scaleWhileDecoding(data.scaleTo);
  await producer.run(sink, stop.signal);
  // The last frame read goes too: the stream's end is no reason to lose it.
  send();
  post({ kind: 'ended' });
} catch (error) {
  send();
  post({ kind: 'failed', error: toThreadError(error) });
}
port.close();
