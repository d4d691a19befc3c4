import type { FrameSize, RgbImage } from '../core/image.js';

/** The kinds of source handflow reads. */
export type SourceKind = 'webcam' | 'video-file' | 'images' | 'network' | 'pushed';

/** A source's state: idle before start and after the end or stop, error after a failure it cannot recover from. */
export type CaptureState = 'idle' | 'capturing' | 'paused' | 'error';

/**
 * One frame from a source. Plain data; a session gives its pixel array back to the source once the next frame
 * is processed (FrameSource.release), so whoever keeps a frame longer keeps a copy of its pixels.
 */
export interface CapturedFrame {
  /** The frame, RGB24, mirrored when the capture config says so. */
  readonly frame: RgbImage;
  /** Presentation time in ms: the video's own timestamps, a stream's running time, or a client's capture time. */
  readonly timestamp: number;
  /** 0-based number of the frame as captured; frames dropped by a full buffer leave gaps. */
  readonly frameNumber: number;
  /**
   * How old the frame is when handed to the pipeline: the time since it was captured, which for a video played
   * in real time is the moment its timestamp was due, and otherwise the moment the source received it.
   */
  readonly ageMs: number;
  readonly metadata: FrameMetadata;
}

export interface FrameMetadata {
  readonly width: number;
  readonly height: number;
  readonly channels: 3;
  /** The file a frame of an image folder came from. */
  readonly origin?: string;
  /**
   * The frame's own size, where the source scaled it while decoding (see FrameSource.scaleWhileDecoding): the
   * size that positions in the frame are given in.
   */
  readonly decodedFrom?: FrameSize;
}

/** A frame as a producer delivers it, before numbering and buffering. */
export interface RawFrame {
  readonly image: RgbImage;
  readonly timestampMs: number;
  readonly origin?: string;
  /** The frame's size before the producer scaled it while decoding. */
  readonly decodedFrom?: FrameSize;
  /** How long the frame had waited before the source got it (read on another thread): it counts in its age. */
  readonly waitedMs?: number;
}

/** A problem a source met and got past (a skipped image, a reconnect), or the one that ended it. */
export interface SourceProblem {
  readonly error: Error;
  /** True when the source carries on: a skipped item or a reconnection under way. */
  readonly recovering: boolean;
  /** True when a frame (an image of a folder) was lost to it. */
  readonly frameLost: boolean;
}

/** How much a finite source holds, known after it is initialised: for progress bars. */
export interface SourceExtent {
  readonly frames?: number;
  readonly durationMs?: number;
}

/** Counters of a source since it started. */
export interface SourceStats {
  /** Frames delivered by the producer (including those later dropped). */
  readonly captured: number;
  /** Frames dropped because the pipeline was behind: a full buffer or a stale frame (real-time sources only). */
  readonly dropped: number;
  /** Reconnections made after a live source broke. */
  readonly reconnects: number;
}
