/**
 * Thread side of ThreadedLiveProducer: reads one camera or network stream (ffmpeg, reconnections, the stall
 * watchdog) and holds the frames read until the pipeline asks for them, dropping those gone stale meanwhile, so a
 * pipeline that blocks its own thread never leaves ffmpeg's output unread and the stream piling up behind it.
 * A recording (LiveStreamSettings.recording) drops nothing: past `maxHeld` frames, reading waits for the pipeline.
 */
import { parentPort, workerData } from 'node:worker_threads';

import { FramePool } from '../core/frame-pool.js';
import type { FrameSize } from '../core/image.js';
import { toThreadError, type ThreadError } from '../core/thread-error.js';
import type { RawFrame } from './captured-frame.js';
import { adoptFfmpeg, type FfmpegBinary } from './ffmpeg-binary.js';
import { adoptFfmpegDialect, type FfmpegDialect } from './ffmpeg-dialect.js';
import { STALE_FRAME_AGE_MS, type FrameSink } from './frame-source.js';
import { openLiveInput, type LiveInputSpec } from './live-input.js';
import { LiveStreamProducer, type LiveStreamSettings } from './live-stream-producer.js';

export interface LiveReaderData {
  readonly kind: 'webcam' | 'network';
  readonly label: string;
  readonly spec: LiveInputSpec;
  readonly settings: LiveStreamSettings;
  readonly scaleTo?: FrameSize;
  /**
   * The source's buffer size: the most frames sent to the pipeline at a time, and held for it by a recording
   * (whose reading then waits); a live stream holds a burst (see BURST_FRAMES), past which the oldest is dropped.
   */
  readonly maxHeld: number;
  /** The ffmpeg the process found, and what its build accepts: a thread would otherwise find both again (some 230 ms). */
  readonly ffmpeg: { readonly binary: FfmpegBinary; readonly dialect: FfmpegDialect };
}

/**
 * `more`: the pipeline wants frames, send those held (or the next read); `done`: the pipeline is done with the
 * frame whose array has this number (ReadFrame.array); `stop`: stop reading and end.
 */
export type LiveReaderRequest = { readonly more: true } | { readonly done: number } | { readonly stop: true };

/** A frame read, and when, in ms since the epoch (`performance.timeOrigin + performance.now()`, the same in every thread). */
export interface ReadFrame {
  readonly frame: RawFrame;
  readonly readAt: number;
  /** The number of the frame's array, shared with the pipeline's thread: the pipeline hands it back by it. */
  readonly array: number;
}

export type LiveReaderMessage =
  | {
      readonly kind: 'frames';
      /** Oldest first. */
      readonly frames: readonly ReadFrame[];
      /** Frames read since the last ones sent and dropped: stale, or past `maxHeld`. */
      readonly dropped: number;
    }
  | { readonly kind: 'problem'; readonly error: ThreadError; readonly recovering: boolean; readonly frameLost: boolean }
  | { readonly kind: 'reconnected' }
  | { readonly kind: 'ended' }
  | { readonly kind: 'failed'; readonly error: ThreadError };

const port = parentPort!;
const data = workerData as LiveReaderData;
const post = (message: LiveReaderMessage): void => port.postMessage(message);
const now = (): number => performance.timeOrigin + performance.now();

/**
 * A live stream's frames may come in bursts: an MPEG-TS muxer sends 0.7 s of video at once by default, a network
 * holds packets back. Those frames are held here, up to this many (and this many bytes), and go to the pipeline a
 * buffer's worth at a time; the age rule drops those it cannot reach in time. Held only to the buffer's size, a
 * burst lost most of its frames though the pipeline kept up: 119 of 275 of a 25 fps stream with audio, 5 held this way.
 */
const BURST_FRAMES = 32;
const BURST_BYTES = 64 * 1024 * 1024;

/**
 * The frames' arrays, shared with the pipeline's thread: those held here, those on their way, the source's
 * buffer, and the two the pipeline reads.
 */
const arrays = new FramePool(2 * data.maxHeld + 4 + (data.settings.recording ? 0 : BURST_FRAMES)); // a burst's, too
/** Frames read and not sent yet, oldest first, and how many were dropped since the last sending. */
const held: ReadFrame[] = [];
let dropped = 0;
/** Whether the pipeline has asked for frames and not had any yet: the first are sent unasked. */
let wanted = true;
const { recording } = data.settings;
/** A recording's reading, waiting for the held frames to be sent. */
let roomMade: (() => void) | undefined;


/** The most frames of `byteLength` bytes held for the pipeline: past it the oldest is dropped (a recording waits). */
function holdLimit(byteLength: number): number {
  return recording ? data.maxHeld : Math.max(data.maxHeld, Math.min(BURST_FRAMES, Math.floor(BURST_BYTES / byteLength)));
}

function send(): void {
  // A frame this old when a newer one waits is what the pipeline would drop: it need not cross.
  while (!recording && held.length > 1 && now() - held[0]!.readAt > STALE_FRAME_AGE_MS) {
    arrays.give(held.shift()!.frame.image.data);
    dropped += 1;
  }
  if (held.length === 0) return;
  // The source's buffer takes this many, its size; the rest wait here for the next asking.
  const frames = held.splice(0, data.maxHeld);
  post({ kind: 'frames', frames, dropped });
  dropped = 0;
  wanted = false;
  roomMade?.();
}

const sink: FrameSink = {
  accept: async (frame) => {
    if (recording && held.length >= data.maxHeld) {
      await new Promise<void>((resolve) => (roomMade = resolve));
      roomMade = undefined;
    }
    held.push({ frame, readAt: now(), array: arrays.numberOf(frame.image.data)! });
    if (held.length > holdLimit(frame.image.data.byteLength)) {
      arrays.give(held.shift()!.frame.image.data);
      dropped += 1;
    }
    if (wanted) send();
  },
  duePositionMs: () => undefined,
  skipped: (frames) => {
    dropped += frames;
  },
  resumedAt: () => undefined,
  whenWanted: () => undefined,
  frameData: (byteLength) => arrays.take(byteLength),
  problem: ({ error, recovering, frameLost }) => post({ kind: 'problem', error: toThreadError(error), recovering, frameLost }),
  reconnected: () => post({ kind: 'reconnected' }),
};

const stop = new AbortController();
/** Told when the held frames may all have gone (see allSent). */
let sentSome: (() => void) | undefined;
port.on('message', (request: LiveReaderRequest) => {
  if ('stop' in request) {
    stop.abort();
    roomMade?.(); // a recording's reading, held back, hears the stop
    sentSome?.();
    return;
  }
  if ('done' in request) {
    arrays.giveNumber(request.done);
    return;
  }
  wanted = true;
  send();
  sentSome?.();
});

/** The longest the end of a stream waits for the pipeline to ask for the frames still held. */
const LAST_FRAMES_WAIT_MS = 5000;

/**
 * Resolves once every frame held has gone to the pipeline, a buffer's worth each time it asks (the source's buffer
 * would drop what it cannot hold), or once reading is stopped.
 */
function allSent(): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, LAST_FRAMES_WAIT_MS);
    const check = (): void => {
      if (held.length > 0 && !stop.signal.aborted) return;
      clearTimeout(timer);
      sentSome = undefined;
      resolve();
    };
    sentSome = check;
    check();
  });
}

adoptFfmpeg(data.ffmpeg.binary);
adoptFfmpegDialect(data.ffmpeg.binary.path, data.ffmpeg.dialect);
const producer = new LiveStreamProducer(data.kind, data.label, () => openLiveInput(data.spec), data.settings);
try {
  await producer.prepare();
  if (data.scaleTo !== undefined) producer.scaleWhileDecoding(data.scaleTo);
  await producer.run(sink, stop.signal);
  // The last frames read go too: the stream's end is no reason to lose them.
  if (wanted) send();
  await allSent();
  post({ kind: 'ended' });
} catch (error) {
  if (wanted) send();
  await allSent();
  post({ kind: 'failed', error: toThreadError(error) });
}
port.close();
