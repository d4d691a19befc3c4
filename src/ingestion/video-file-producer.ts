import type { SourceExtent } from './captured-frame.js';
import type { FrameSink, FrameProducer } from './frame-source.js';
import { decodeVideoFrames, probeVideo, type VideoInfo } from './video-decoder.js';

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

  async run(sink: FrameSink, signal: AbortSignal): Promise<void> {
    for await (const frame of decodeVideoFrames(this.label, { mirror: this.mirror, signal })) {
      await sink.accept({ image: frame.image, timestampMs: frame.timestampMs });
    }
  }
}
