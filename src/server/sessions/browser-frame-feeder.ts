import { HandflowError } from '../../core/errors.js';
import type { RgbImage } from '../../core/image.js';
import { decodeCameraFrame } from '../../ingestion/image-decoder.js';
import type { PushedFrameProducer } from '../../ingestion/pushed-frame-producer.js';
import { ApiError } from '../errors.js';

/** A browser's camera frame decoded; one that cannot be is the client's mistake. @throws ApiError INVALID_REQUEST */
async function decodedFrame(bytes: Uint8Array): Promise<RgbImage> {
  try {
    return await decodeCameraFrame(bytes);
  } catch (error) {
    throw error instanceof HandflowError ? new ApiError('INVALID_REQUEST', error.message) : error;
  }
}

/** Told why a client's frame could not be taken in. */
export type FrameRefused = (problem: ApiError) => void;

/**
 * Feeds a browser's camera frames to its session's pushed source, one decode at a time. A frame arriving while
 * one is decoding replaces any frame already waiting (the older one is skipped and counted), so a client
 * sending faster than the server decodes costs at most one frame of memory. A frame that cannot be decoded is
 * counted as errored and its sender is told why. The session is its first sender's: the client whose camera it
 * shows, and whose leaving ends it.
 */
export class BrowserFrameFeeder {
  private waiting: { jpeg: Uint8Array; timestampMs: number; refused: FrameRefused } | undefined;
  private decoding = false;
  private lastTimestampMs = Number.NEGATIVE_INFINITY;
  private skippedFrames = 0;
  private erroredFrames = 0;
  private sender: unknown;

  constructor(private readonly producer: PushedFrameProducer) {}

  /**
   * Whether `sender` (a connection) may send this session frames: the first to ask may, and it alone, so no other
   * client can slip its frames (and the gestures in them) into another's camera, or freeze it with a late clock.
   */
  claim(sender: object): boolean {
    this.sender ??= sender;
    return this.sender === sender;
  }

  /** Whether a client has claimed the session yet. */
  get claimed(): boolean {
    return this.sender !== undefined;
  }

  /** Frames skipped before decoding: replaced while waiting, or out of order. */
  get skipped(): number {
    return this.skippedFrames;
  }

  /** Frames that could not be decoded. */
  get errored(): number {
    return this.erroredFrames;
  }

  offer(jpeg: Uint8Array, timestampMs: number, refused: FrameRefused): void {
    if (timestampMs <= this.lastTimestampMs) {
      this.skippedFrames += 1; // tracking needs time to go forward
      refused(new ApiError('INVALID_REQUEST', `a camera frame's timestampMs ${timestampMs} is not after the last frame's, ${this.lastTimestampMs}, so it was skipped: timestamps must increase`));
      return;
    }
    if (this.waiting !== undefined) this.skippedFrames += 1;
    this.waiting = { jpeg, timestampMs, refused };
    if (!this.decoding) void this.drain();
  }

  private async drain(): Promise<void> {
    this.decoding = true;
    for (let next = this.waiting; next !== undefined; next = this.waiting) {
      this.waiting = undefined;
      if (next.timestampMs <= this.lastTimestampMs) continue;
      this.lastTimestampMs = next.timestampMs;
      try {
        this.producer.push(await decodedFrame(next.jpeg), next.timestampMs);
      } catch (error) {
        this.erroredFrames += 1;
        next.refused(error instanceof ApiError ? error : new ApiError('INTERNAL', 'a camera frame could not be taken in'));
      }
    }
    this.decoding = false;
  }
}
