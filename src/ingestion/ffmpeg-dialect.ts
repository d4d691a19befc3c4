import { runFfmpeg } from './run-ffmpeg.js';

/** Where the ffmpeg builds handflow runs differ, for the options it gives them. */
export interface FfmpegDialect {
  /**
   * The option that makes ffmpeg pass frames through without duplicating or dropping any: `-fps_mode` since
   * ffmpeg 5.1 (`-vsync` was removed in ffmpeg 9), `-vsync` before.
   */
  readonly frameSync: '-fps_mode' | '-vsync';
  /**
   * The showinfo filter without the checksums it makes of every frame's planes where the build can leave them out:
   * they are nothing handflow reads, and a fifth of the decoding time of a 1080p video.
   */
  readonly showinfo: string;
}

const dialectByFfmpeg = new Map<string, Promise<FfmpegDialect>>();

/** What a build of ffmpeg accepts, checked once per binary. */
export function ffmpegDialect(ffmpeg: string): Promise<FfmpegDialect> {
  let dialect = dialectByFfmpeg.get(ffmpeg);
  if (dialect === undefined) {
    dialect = Promise.all([
      runFfmpeg(ffmpeg, ['-hide_banner', '-fps_mode', 'passthrough', '-version']),
      runFfmpeg(ffmpeg, ['-hide_banner', '-nostdin', '-f', 'lavfi', '-i', 'color=s=16x16:d=0.04', '-vf', 'showinfo=checksum=0', '-f', 'null', '-']),
    ]).then(([sync, showinfo]) => ({
      frameSync: /Unrecognized option|Option not found/i.test(sync.stderr) ? '-vsync' : '-fps_mode',
      // An older build refuses the option ("Option 'checksum' not found") and fails.
      showinfo: showinfo.code === 0 ? 'showinfo=checksum=0' : 'showinfo',
    }));
    dialectByFfmpeg.set(ffmpeg, dialect);
  }
  return dialect;
}

/** Takes what another thread of the process found of `ffmpeg`, sparing this one the runs that find it. */
export function adoptFfmpegDialect(ffmpeg: string, dialect: FfmpegDialect): void {
  if (!dialectByFfmpeg.has(ffmpeg)) dialectByFfmpeg.set(ffmpeg, Promise.resolve(dialect));
}
