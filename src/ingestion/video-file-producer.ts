import { HandflowError } from '../core/errors.js';
import type { FrameSize } from '../core/image.js';
import type { SourceExtent } from './captured-frame.js';
import { decodeFailed } from './ffmpeg-input.js';
import { STALE_FRAME_AGE_MS, type FrameSink, type FrameProducer } from './frame-source.js';
import { pixelLimitProblem, VIDEO_PIXEL_LIMIT } from './pixel-limit.js';
import { probeVideo, type VideoInfo } from './probe-video.js';
import { shouldSkipAhead, type StaleSpell } from './skip-ahead.js';
import { decodeVideoFrames } from './video-decoder.js';

/** A video or animated GIF file, decoded by ffmpeg at its own timestamps. */
export class VideoFileProducer implements FrameProducer {
  readonly kind = 'video-file';
  readonly live = false;
  readonly stills = false;
  private info: VideoInfo | undefined;
  private scaleTo: FrameSize | undefined;

  /** @param startFrame resume at this frame (0: from the start); needs a video with a frame rate. */
  constructor(
    readonly label: string,
    private readonly mirror: boolean,
    private readonly startFrame = 0,
  ) {}

  async prepare(): Promise<void> {
    const info = await probeVideo(this.label);
    const tooLarge = pixelLimitProblem(info, VIDEO_PIXEL_LIMIT);
    if (tooLarge !== undefined) throw decodeFailed(this.label, `the video is ${tooLarge}: scale it down first (ffmpeg -i <video> -vf scale=1920:-2 <smaller video>)`);
    if (this.startFrame > 0 && !(info.fps > 0)) {
      throw new HandflowError('INVALID_OPTION', `${this.label} has no frame rate, so it cannot be resumed at frame ${this.startFrame}: play it from the start`);
    }
    this.info = info;
  }

  scaleWhileDecoding(size: FrameSize): void {
    this.scaleTo = size;
  }

  extent(): SourceExtent {
    return this.info?.durationMs === undefined ? {} : { durationMs: this.info.durationMs };
  }

  /**
   * Decodes from the start, or from `startFrame` (ffmpeg seeks half a frame before it, so that frame is the
   * first one out). Played in real time, once decoding has delivered only stale frames for a while and is not
   * about to catch up (see shouldSkipAhead), ffmpeg is restarted at the position that will be due when it has
   * started again (as long as its last start took); the frames skipped count as dropped. A video of unknown
   * length or frame rate is never skipped.
   */
  async run(sink: FrameSink, signal: AbortSignal): Promise<void> {
    const { durationMs, fps = 0 } = this.info ?? {};
    const frameMs = fps > 0 ? 1000 / fps : undefined;
    const lastFrameMs = durationMs === undefined || frameMs === undefined ? undefined : durationMs - frameMs;
    let resuming = this.startFrame > 0;
    let startMs = resuming ? (this.startFrame - 0.5) * frameMs! : 0;
    let startupMs = 0;
    let lastTimestampMs = -(frameMs ?? 0);
    for (;;) {
      const startedAt = sink.duePositionMs();
      let stale: StaleSpell | undefined;
      let skipTo: number | undefined;
      for await (const frame of decodeVideoFrames(this.label, { mirror: this.mirror, pixelFormat: this.info?.pixelFormat, signal, startMs, scaleTo: this.scaleTo, frameData: (byteLength) => sink.frameData(byteLength) })) {
        if (frame.index === 0 && resuming) {
          resuming = false;
          sink.resumedAt(Math.round(frame.timestampMs / frameMs!), frame.timestampMs);
          lastTimestampMs = frame.timestampMs - frameMs!;
        } else if (frame.index === 0) {
          const dueAtStart = sink.duePositionMs();
          if (startedAt !== undefined && dueAtStart !== undefined) startupMs = dueAtStart - startedAt;
          if (startMs > 0) {
            sink.skipped(this.framesBetween(lastTimestampMs, frame.timestampMs));
            // The frames before this one are accounted for, whether or not it is delivered.
            lastTimestampMs = frame.timestampMs - frameMs!;
          }
        }
        const due = sink.duePositionMs();
        const lagMs = due === undefined ? 0 : due - frame.timestampMs;
        stale = lagMs > STALE_FRAME_AGE_MS ? (stale ?? { sinceMs: due!, lagMs }) : undefined;
        if (lastFrameMs !== undefined && stale !== undefined && shouldSkipAhead(stale, due!, lagMs, startupMs, STALE_FRAME_AGE_MS)) {
          skipTo = due! + startupMs;
          break;
        }
        await sink.accept({ image: frame.image, timestampMs: frame.timestampMs, decodedFrom: frame.decodedFrom });
        lastTimestampMs = frame.timestampMs;
      }
      if (skipTo === undefined) return;
      if (skipTo > lastFrameMs!) {
        sink.skipped(this.framesBetween(lastTimestampMs, durationMs!));
        return;
      }
      startMs = skipTo;
    }
  }

  /** Frames strictly between two timestamps, at the video's frame rate. */
  private framesBetween(fromMs: number, toMs: number): number {
    const fps = this.info?.fps ?? 0;
    return Math.max(0, Math.round(((toMs - fromMs) * fps) / 1000) - 1);
  }
}
