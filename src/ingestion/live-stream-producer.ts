import { setTimeout as sleep } from 'node:timers/promises';

import { HandflowError, errorMessage } from '../core/errors.js';
import type { FrameSize } from '../core/image.js';
import type { ReconnectConfig } from './capture-config.js';
import type { FrameSink, FrameProducer } from './frame-source.js';
import { reconnectDelayMs } from './reconnect.js';
import type { FfmpegInput } from './ffmpeg-input.js';
import { decodeFfmpegFrames } from './video-decoder.js';

export interface LiveStreamSettings {
  readonly mirror: boolean;
  readonly reconnect: ReconnectConfig;
  /** No frame for this long means the stream is broken (it may be hanging rather than failing). */
  readonly stallTimeoutMs: number;
  /** Expected frame rate, to keep timestamps increasing across a reconnection. */
  readonly fps: number;
  /**
   * A recording served over the web (see isRecordingUrl): read once, so its end ends the source and a failure
   * after its first frame is not retried (reading it again would start it over). Its reader holds frames back
   * rather than dropping them.
   */
  readonly recording: boolean;
}

/**
 * A camera or network stream read by ffmpeg. When it breaks (ffmpeg fails, the stream ends, or no frame comes
 * for `stallTimeoutMs`) the problem is reported and the stream is opened again after a doubling delay, up to
 * `reconnect.maxAttempts` attempts in a row; then the source fails with SOURCE_UNAVAILABLE. A stream refused for a
 * reason that would refuse it again (STREAM_REFUSED: a certificate, a redirect) fails at once, and a recording
 * is read once (see LiveStreamSettings.recording). Timestamps are the stream's own, shifted after a reconnection
 * so that they keep increasing.
 */
export class LiveStreamProducer implements FrameProducer {
  readonly live = true;
  readonly stills = false;
  private input: FfmpegInput | undefined;
  private scaleTo: FrameSize | undefined;

  constructor(
    readonly kind: 'webcam' | 'network',
    readonly label: string,
    /** Finds the device or checks the URL; throws a HandflowError saying what is wrong. */
    private readonly openInput: () => Promise<FfmpegInput>,
    private readonly settings: LiveStreamSettings,
  ) {}

  async prepare(): Promise<void> {
    this.input = await this.openInput();
  }

  scaleWhileDecoding(size: FrameSize): void {
    this.scaleTo = size;
  }

  async run(sink: FrameSink, signal: AbortSignal): Promise<void> {
    const { maxAttempts } = this.settings.reconnect;
    let failures = 0;
    let offsetMs = 0;
    let lastTimestampMs: number | undefined;
    for (;;) {
      let delivered = false;
      let cause: unknown;
      try {
        for await (const timestampMs of this.attempt(sink, signal, offsetMs)) {
          if (!delivered && failures > 0) sink.reconnected();
          delivered = true;
          failures = 0;
          lastTimestampMs = timestampMs;
        }
        if (this.settings.recording) return;
        cause = new Error('the stream ended');
      } catch (error) {
        if (signal.aborted) return;
        // A recording part-read would start over: it fails (until its first frame, it is retried as a stream is).
        if (this.settings.recording && lastTimestampMs !== undefined) throw error;
        cause = error;
      }
      if (lastTimestampMs !== undefined) offsetMs = lastTimestampMs + 1000 / this.settings.fps;
      failures += 1;
      const reason = errorMessage(cause).replace(`${this.label}: `, '');
      if (cause instanceof HandflowError && cause.code === 'STREAM_REFUSED') {
        throw new HandflowError('STREAM_REFUSED', `${this.label}: ${reason}; not reconnecting, which would be refused the same way`, { cause });
      }
      if (failures > maxAttempts) {
        const tries = maxAttempts === 0 ? 'reconnection is off' : `${maxAttempts} reconnection attempt(s) failed`;
        throw new HandflowError('SOURCE_UNAVAILABLE', `${this.label}: ${reason}; ${tries}. Check that the ${this.kind === 'webcam' ? 'camera is connected' : 'stream is up and the URL is right'}`, { cause });
      }
      const delay = reconnectDelayMs(failures, this.settings.reconnect);
      const error = new HandflowError('SOURCE_UNAVAILABLE', `${this.label}: ${reason}; reconnecting in ${delay} ms (attempt ${failures} of ${maxAttempts})`, { cause });
      sink.problem({ error, recovering: true, frameLost: false });
      try {
        await sleep(delay, undefined, { signal });
      } catch {
        return; // stopped while waiting
      }
    }
  }

  /** One connection: delivers frames and yields their timestamps; a stall aborts it with a clear reason. */
  private async *attempt(sink: FrameSink, signal: AbortSignal, offsetMs: number): AsyncGenerator<number> {
    const connection = new AbortController();
    const stop = (): void => connection.abort(signal.reason);
    signal.addEventListener('abort', stop, { once: true });
    const { stallTimeoutMs, mirror } = this.settings;
    let watchdog: NodeJS.Timeout | undefined;
    const arm = (): void => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => connection.abort(new Error(`no frame for ${stallTimeoutMs} ms`)), stallTimeoutMs);
    };
    try {
      arm();
      for await (const frame of decodeFfmpegFrames(this.input!, { mirror, signal: connection.signal, scaleTo: this.scaleTo, frameData: (byteLength) => sink.frameData(byteLength) })) {
        // The watchdog times ffmpeg alone: a recording's frames wait here while the pipeline catches up.
        clearTimeout(watchdog);
        const timestampMs = offsetMs + frame.timestampMs;
        await sink.accept({ image: frame.image, timestampMs, decodedFrom: frame.decodedFrom });
        arm();
        yield timestampMs;
      }
    } finally {
      clearTimeout(watchdog);
      signal.removeEventListener('abort', stop);
    }
  }
}
