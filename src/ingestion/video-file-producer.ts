import type { SourceExtent } from './captured-frame.js';
import { STALE_FRAME_AGE_MS, type FrameSink, type FrameProducer } from './frame-source.js';
import { decodeVideoFrames, probeVideo, type VideoInfo } from './video-decoder.js';

/**
 * A video played in real time whose decoding has delivered only stale frames for this long skips ahead: every
 * frame in between would be dropped anyway, and converting them is most of ffmpeg's work.
 */
const SKIP_AHEAD_AFTER_MS = 500;

/** A video or animated GIF file, decoded by ffmpeg at its own timestamps. */
export class VideoFileProducer implements FrameProducer {
  readonly kind = 'video-file';
  readonly live = false;
  readonly stills = false;
  private info: VideoInfo | undefined;

  constructor(
    readonly label: string,
    private readonly mirror: boolean,
  ) {}

  async prepare(): Promise<void> {
    this.info = await probeVideo(this.label);
  }

  extent(): SourceExtent {
    return this.info?.durationMs === undefined ? {} : { durationMs: this.info.durationMs };
  }

  /**
   * Decodes from the start. Played in real time, once decoding has delivered only stale frames for
   * SKIP_AHEAD_AFTER_MS, ffmpeg is restarted at the position that will be due when it has started again (as long
   * as its last start took); the frames skipped count as dropped. A video of unknown length or frame rate is
   * never skipped.
   */
  async run(sink: FrameSink, signal: AbortSignal): Promise<void> {
    const { durationMs, fps = 0 } = this.info ?? {};
    const frameMs = fps > 0 ? 1000 / fps : undefined;
    const lastFrameMs = durationMs === undefined || frameMs === undefined ? undefined : durationMs - frameMs;
    let startMs = 0;
    let startupMs = 0;
    let lastTimestampMs = -(frameMs ?? 0);
    for (;;) {
      const startedAt = sink.duePositionMs();
      let staleSince: number | undefined;
      let skipTo: number | undefined;
      for await (const frame of decodeVideoFrames(this.label, { mirror: this.mirror, signal, startMs })) {
        const due = sink.duePositionMs();
        if (frame.index === 0) {
          if (startedAt !== undefined && due !== undefined) startupMs = due - startedAt;
          if (startMs > 0) {
            sink.skipped(this.framesBetween(lastTimestampMs, frame.timestampMs));
            // The frames before this one are accounted for, whether or not it is delivered.
            lastTimestampMs = frame.timestampMs - frameMs!;
          }
        }
        const stale = due !== undefined && due - frame.timestampMs > STALE_FRAME_AGE_MS;
        staleSince = stale ? (staleSince ?? due) : undefined;
        if (lastFrameMs !== undefined && staleSince !== undefined && due! - staleSince > SKIP_AHEAD_AFTER_MS) {
          skipTo = due! + startupMs;
          break;
        }
        await sink.accept({ image: frame.image, timestampMs: frame.timestampMs });
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
