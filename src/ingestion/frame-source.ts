import { setTimeout as sleep } from 'node:timers/promises';

import type { Clock } from '../core/clock.js';
import type { FrameSize } from '../core/image.js';
import { HandflowError } from '../core/errors.js';
import { FramePool } from '../core/frame-pool.js';
import { TypedEmitter } from '../core/typed-emitter.js';
import type { CapturedFrame, CaptureState, RawFrame, SourceExtent, SourceKind, SourceProblem, SourceStats } from './captured-frame.js';
import { FrameBuffer } from './frame-buffer.js';

/** What the source hands to a producer: where frames go and where problems are told. */
export interface FrameSink {
  /** Takes a frame; for sources that wait for the pipeline, resolves once it is buffered. */
  accept(frame: RawFrame): Promise<void>;
  /** A video played in real time: the position due now, so a producer far behind can skip ahead. Else undefined. */
  duePositionMs(): number | undefined;
  /** The producer skipped this many frames without delivering them (they count as dropped). */
  skipped(frames: number): void;
  /**
   * The producer starts part-way through (a resumed stream): the next frame it delivers has this number and is
   * due now. The frames before it are neither delivered nor dropped: another run had them.
   */
  resumedAt(frameNumber: number, timestampMs: number): void;
  problem(problem: SourceProblem): void;
  /** A live source is delivering again after a break. */
  reconnected(): void;
  /**
   * Calls `listener` each time the pipeline asks for a frame and none is buffered: a producer that holds frames
   * elsewhere (on another thread) sends them then, so the frames it sends are as recent as can be.
   */
  whenWanted(listener: () => void): void;
  /** An array to decode the next frame's pixels into: one the pipeline is done with where there is one. */
  frameData(byteLength: number): Uint8Array;
}

/** One kind of source (a file, a camera, a stream, a client): produces frames, knows nothing of buffering. */
export interface FrameProducer {
  readonly kind: SourceKind;
  /** How messages name the source: a path, a URL without its secrets (see `redactUrl`), `webcam:0`. */
  readonly label: string;
  /** Live sources run in real time: they never wait for the pipeline, and a full buffer drops the oldest frame. */
  readonly live: boolean;
  /** The frames are unrelated still images (an image folder), not a stream to track hands through. */
  readonly stills: boolean;
  /** Checks that the source can be read, failing with a clear HandflowError before any frame. */
  prepare(): Promise<void>;
  /** How many frames or how long, for a finite source once prepared. */
  extent?(): SourceExtent;
  /** Delivers frames until the end of the stream (resolves) or a failure it cannot get past (rejects). */
  run(sink: FrameSink, signal: AbortSignal): Promise<void>;
  /** Producers that decode with ffmpeg: deliver frames scaled to `size` from now on (before `run`). */
  scaleWhileDecoding?(size: FrameSize): void;
  /**
   * Producers whose frames' arrays come from elsewhere than `FrameSink.frameData` (another thread's): the
   * pipeline is done with a frame of theirs, whose array may hold a later frame.
   */
  recycle?(data: Uint8Array): void;
}

export interface FrameSourceOptions {
  /** Frames held for the pipeline. */
  readonly bufferSize: number;
  /**
   * Videos: deliver frames at their timestamps, dropping those the pipeline is too late for. Stills (image
   * folders) ignore it: they are unrelated photos, each processed, as fast as the pipeline goes.
   */
  readonly realtime: boolean;
  readonly clock: Clock;
}

export type FrameSourceEvents = {
  /** A problem the source got past (a skipped image, a reconnection) or the one that ended it. */
  problem: [SourceProblem];
  state: [CaptureState];
};

interface BufferedFrame {
  readonly raw: RawFrame;
  readonly frameNumber: number;
  /**
   * When the frame arrived. A file's frame played in real time is timed from when it is due instead, which a pause
   * moves: ageOf works that out from its timestamp, and this is not read for it.
   */
  readonly capturedAt: number;
}

/**
 * A frame of a real-time source older than this is stale: a file's frame that is already this late when
 * decoded is dropped unbuffered, and a buffered one this old is dropped when a newer one waits behind it.
 * A camera-like bound: the pipeline works on what is happening now, not on a backlog.
 */
export const STALE_FRAME_AGE_MS = 100;

/**
 * A source of frames behind one interface: `initialize`, `start`, `pause`,
 * `resume`, `stop`, `getFrame` and `stream()`, whatever produces the frames. Frames go through a bounded
 * buffer, so decoding runs ahead of the pipeline by up to `bufferSize` frames. Real-time sources (live ones,
 * and videos played in real time) keep the pipeline on recent frames: a full buffer drops its oldest frame,
 * frames older than {@link STALE_FRAME_AGE_MS} are dropped, and every drop is counted. Other sources, image
 * folders among them, make the producer wait (no drops). The end of a stream ends `stream()`; a failure the
 * producer cannot get past is thrown by `getFrame` after the frames buffered before it.
 */
export class FrameSource extends TypedEmitter<FrameSourceEvents> {
  private currentState: CaptureState = 'idle';
  private readonly buffer: FrameBuffer<BufferedFrame>;
  private readonly abort = new AbortController();
  private initialized: Promise<void> | undefined;
  private pumping: Promise<void> | undefined;
  private captured = 0;
  private staleDropped = 0;
  private reconnects = 0;
  /** The producer's listener for the pipeline waiting on an empty buffer (see FrameSink.whenWanted). */
  private wanted: (() => void) | undefined;
  private resumeGate: { promise: Promise<void>; open: () => void; pausedAt: number } | undefined;
  /**
   * Realtime pacing: the clock time at which timestamp 0 is due, the moment the source starts (opening the
   * video takes playing time, as for a camera), moved on by pauses.
   */
  private paceOrigin = 0;
  /** A video played in real time: frames are held until due and dropped once stale. */
  private readonly paced: boolean;
  /** Frames are dropped rather than kept waiting for a pipeline that is behind. */
  private readonly realtime: boolean;
  /**
   * The arrays of frames given back (`release`) or dropped, for decoders to fill again. As many as can be in use
   * at once: the buffer's, one being decoded, one waiting for room, one in the pipeline and the one before it.
   */
  private readonly pool: FramePool;

  constructor(
    private readonly producer: FrameProducer,
    private readonly options: FrameSourceOptions,
  ) {
    super();
    this.paced = options.realtime && !producer.live && !producer.stills;
    this.realtime = producer.live || this.paced;
    this.pool = new FramePool(options.bufferSize + 4);
    // A file played in real time waits for room: its early frames wait in the buffer until due (see getFrame).
    this.buffer = new FrameBuffer<BufferedFrame>(options.bufferSize, producer.live ? 'drop-oldest' : 'wait', ({ raw }) => this.recycle(raw.image.data));
  }

  /**
   * Numbers the frames from `first` on, before `start`: a live stream taken over by another worker goes on past the
   * numbers its earlier holder may have used (a video file resumed part-way is numbered by its producer instead).
   */
  numberFrom(first: number): void {
    if (this.pumping !== undefined) throw new Error('frames are numbered from where they start, before the source starts');
    this.captured = first;
  }

  get kind(): SourceKind {
    return this.producer.kind;
  }

  get label(): string {
    return this.producer.label;
  }

  get stills(): boolean {
    return this.producer.stills;
  }

  /** How many frames or how long (files and folders, once initialised); undefined for live sources. */
  get extent(): SourceExtent | undefined {
    return this.producer.extent?.();
  }

  get state(): CaptureState {
    return this.currentState;
  }

  get stats(): SourceStats {
    return { captured: this.captured, dropped: this.buffer.dropped + this.staleDropped, reconnects: this.reconnects };
  }

  /**
   * Asks for frames scaled to `size` while they are decoded (ffmpeg sources: files, cameras, streams), so the
   * full-size frame is never converted, piped or resized here; each says its own size (`metadata.decodedFrom`).
   * Before `start` only. Returns false where the source cannot (image folders, browser cameras): its frames come
   * at their own size.
   */
  scaleWhileDecoding(size: FrameSize): boolean {
    if (this.pumping !== undefined) throw new HandflowError('INVALID_OPTION', `${this.label} has started: its frames' size is set before start`);
    if (this.producer.scaleWhileDecoding === undefined) return false;
    this.producer.scaleWhileDecoding(size);
    return true;
  }

  /** Checks the source can be read (file present, camera there). Called by `start` if not before. */
  initialize(): Promise<void> {
    this.initialized ??= this.producer.prepare();
    return this.initialized;
  }

  /** Starts capturing. Frames come from `getFrame` or `stream()`. */
  async start(): Promise<void> {
    if (this.pumping !== undefined) throw new HandflowError('INVALID_OPTION', `${this.label} was already started; a source runs once`);
    this.paceOrigin = this.options.clock();
    this.pumping = this.initialize().then(
      () => this.pump(),
      (error: unknown) => this.failed(error),
    );
    this.setState('capturing');
    // An initialisation failure is thrown here, not only by getFrame.
    await this.initialized;
  }

  /** Holds delivery: a file waits where it is; a live source discards frames until `resume`. */
  pause(): void {
    if (this.currentState !== 'capturing') return;
    let open!: () => void;
    const promise = new Promise<void>((resolve) => (open = resolve));
    this.resumeGate = { promise, open, pausedAt: this.options.clock() };
    this.setState('paused');
  }

  resume(): void {
    const gate = this.resumeGate;
    if (gate === undefined) return;
    this.resumeGate = undefined;
    this.paceOrigin += this.options.clock() - gate.pausedAt;
    gate.open();
    if (this.currentState === 'paused') this.setState('capturing');
  }

  /** Stops the producer (ffmpeg is killed), forgets buffered frames, and resolves once all has ended. Safe to call twice. */
  async stop(): Promise<void> {
    this.abort.abort();
    this.buffer.clear();
    this.buffer.end();
    this.resume();
    await this.pumping?.catch(() => {});
    if (this.currentState !== 'error') this.setState('idle');
  }

  /** The next frame, waiting for it; `undefined` at the end of the stream or after `stop`. */
  async getFrame(): Promise<CapturedFrame | undefined> {
    if (this.buffer.size === 0) this.wanted?.();
    let item = await this.buffer.take();
    while (item !== undefined && this.realtime && this.buffer.size > 0 && this.ageOf(item) > STALE_FRAME_AGE_MS) {
      this.staleDropped += 1;
      this.recycle(item.raw.image.data);
      item = await this.buffer.take();
    }
    if (item === undefined) {
      if (this.currentState !== 'error') this.setState('idle');
      return undefined;
    }
    if (this.paced) await this.untilDue(item);
    const { raw, frameNumber } = item;
    return {
      frame: raw.image,
      timestamp: raw.timestampMs,
      frameNumber,
      ageMs: this.ageOf(item),
      metadata: {
        width: raw.image.width,
        height: raw.image.height,
        channels: 3,
        ...(raw.origin === undefined ? {} : { origin: raw.origin }),
        ...(raw.decodedFrom === undefined ? {} : { decodedFrom: raw.decodedFrom }),
      },
    };
  }

  /**
   * The pipeline is done with `frame`: nothing reads its pixels any more, so its array may be filled with a
   * later frame's. Optional: a frame never released is left to the garbage collector.
   */
  release(frame: CapturedFrame): void {
    this.recycle(frame.frame.data);
  }

  /** Every frame until the end of the stream. Leaving the loop early stops the source. */
  async *stream(): AsyncGenerator<CapturedFrame, void, undefined> {
    try {
      for (let frame = await this.getFrame(); frame !== undefined; frame = await this.getFrame()) yield frame;
    } finally {
      await this.stop();
    }
  }

  private async pump(): Promise<void> {
    const { signal } = this.abort;
    const sink: FrameSink = {
      accept: (frame) => this.accept(frame, signal),
      duePositionMs: () => (this.paced && this.resumeGate === undefined ? this.options.clock() - this.paceOrigin : undefined),
      skipped: (frames) => {
        this.captured += frames;
        this.staleDropped += frames;
      },
      resumedAt: (frameNumber, timestampMs) => {
        this.captured = frameNumber;
        this.paceOrigin = this.options.clock() - timestampMs;
      },
      problem: (problem) => this.emit('problem', problem),
      reconnected: () => {
        this.reconnects += 1;
      },
      whenWanted: (listener) => {
        this.wanted = listener;
      },
      frameData: (byteLength) => this.pool.take(byteLength),
    };
    try {
      await this.producer.run(sink, signal);
      this.buffer.end();
    } catch (error) {
      if (signal.aborted) {
        this.buffer.end();
        return;
      }
      this.failed(error);
    }
  }

  private failed(error: unknown): void {
    this.setState('error');
    this.buffer.fail(error);
  }

  private async accept(raw: RawFrame, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return this.recycle(raw.image.data);
    if (this.resumeGate !== undefined) {
      if (this.producer.live) return this.recycle(raw.image.data); // a paused camera's frames are stale by the time it resumes
      await this.resumeGate.promise;
    }
    const frameNumber = this.captured++;
    // A file's frame played in real time is buffered at once, early or not, and waits there until due: pacing here
    // would hold the producer, and ffmpeg with it, which then delivered the next frames late on a busy machine.
    const frame = { raw, frameNumber, capturedAt: this.options.clock() - (raw.waitedMs ?? 0) };
    if (this.paced && this.ageOf(frame) > STALE_FRAME_AGE_MS) {
      this.staleDropped += 1;
      this.recycle(raw.image.data);
      // The pipeline may be waiting on the empty buffer still: a producer that sends only when asked must hear it again.
      if (this.buffer.size === 0) this.wanted?.();
      return;
    }
    await this.buffer.put(frame);
  }

  /** A frame's array, read by nobody any more, back to where it came from: this source's pool or the producer's. */
  private recycle(data: Uint8Array): void {
    if (!this.pool.give(data)) this.producer.recycle?.(data);
  }

  /** Waits until a file's frame played in real time is due (a pause in between moves when that is). */
  private async untilDue(frame: BufferedFrame): Promise<void> {
    const wait = -this.ageOf(frame);
    if (wait > 0) await sleep(wait, undefined, { signal: this.abort.signal }).catch(() => {});
  }

  /** How long ago the frame was captured: for a file played in real time, since it was due (negative: not yet). */
  private ageOf(frame: BufferedFrame): number {
    return this.options.clock() - (this.paced ? this.paceOrigin + frame.raw.timestampMs : frame.capturedAt);
  }

  private setState(state: CaptureState): void {
    if (state === this.currentState) return;
    this.currentState = state;
    this.emit('state', state);
  }
}
