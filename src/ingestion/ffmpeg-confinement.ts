/**
 * What ffmpeg may open for one input: the protocols (`-protocol_whitelist`) and the demuxers
 * (`-format_whitelist`). ffmpeg hands both lists down to every file, segment or stream an input opens in turn,
 * so a playlist or list cannot reach past them: left open, an HLS playlist (even one named clip.mp4) makes
 * ffmpeg read any local file or open any socket its lines name.
 */
export interface FfmpegConfinement {
  /** The protocols ffmpeg may open; empty for a device, which ffmpeg opens without one. */
  readonly protocols: readonly string[];
  /** The demuxers ffmpeg may use: the formats of the input and of anything it is made of. */
  readonly formats: readonly string[];
}

/**
 * Self-contained video formats, by ffmpeg demuxer: the video files handflow reads (input-files.ts), and no
 * playlist or list (hls, dash, concat, image2 patterns, sdp...) that would open other files or streams.
 */
const VIDEO_FILE_FORMATS = [
  'mov', // mp4, mov, m4v, 3gp (external data references are off by default)
  'matroska', // mkv, webm
  'avi',
  'gif',
  'mpeg', // mpg, mpeg program streams
  'mpegvideo',
  'mpegts',
  'flv',
  'asf', // wmv
  'ogg',
  'yuv4mpegpipe', // y4m
  'h264',
  'hevc',
  'm4v',
  'mjpeg',
];

/** A local video file: read with the `file` protocol only, as one of the self-contained formats. */
export const VIDEO_FILE_CONFINEMENT: FfmpegConfinement = { protocols: ['file'], formats: VIDEO_FILE_FORMATS };

/** A device read with its own demuxer (`-f v4l2`, ...): no protocol at all. */
export function deviceConfinement(demuxer: string): FfmpegConfinement {
  return { protocols: [], formats: [demuxer] };
}

/** The options that confine ffmpeg's next `-i` (they are per input, so they go just before it). */
export function confinementOptions({ protocols, formats }: FfmpegConfinement): string[] {
  return ['-protocol_whitelist', protocols.join(','), '-format_whitelist', formats.join(',')];
}

const CONTEXT_LINE = /^\[([^\] @]+)[^\]]* @ [0-9a-fA-Fx]+\] (?:\[\w+\] )?(.*)$/;

/**
 * What ffmpeg refused, in handflow's words, when a line of its log says a confinement list stopped it
 * (`[hls @ 0x..] Format not on whitelist 'mov,...'`, `[file @ 0x..] Protocol 'file' not on whitelist 'http,tcp'!`);
 * undefined for any other line.
 */
export function confinementRefusal(line: string): string | undefined {
  const match = CONTEXT_LINE.exec(line.trim());
  if (match === null) return undefined;
  const [, context, text] = match as unknown as [string, string, string];
  if (text.startsWith('Format not on whitelist')) {
    const format = context.split(',')[0]!;
    // ffmpeg's image readers are named <codec>_pipe: a photo under a video's name (or given as a stream).
    const image = /^(\w+)_pipe$/.exec(format)?.[1];
    if (image !== undefined) return `it is a ${image.toUpperCase()} image, not a video: give a video, or the photo under its own name (.${image === 'jpeg' ? 'jpg' : image}) to read it as a photo`;
    return `it is ${format} data, which handflow does not open here: playlists and lists (hls, dash, concat...) would make ffmpeg read other files or streams, so give the video or stream itself`;
  }
  const protocol = /^Protocol '([^']*)' not on whitelist/.exec(text)?.[1];
  if (protocol !== undefined) return `it makes ffmpeg open a ${protocol}: URL, which this source may not open`;
  return undefined;
}
