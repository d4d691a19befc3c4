import { resolveFfmpegPath } from './ffmpeg-binary.js';
import { confinementRefusal } from './ffmpeg-confinement.js';
import { decodeFailed, ffmpegInputArgs } from './ffmpeg-input.js';
import { knownCause, lastErrorText } from './ffmpeg-log.js';
import { runFfmpeg } from './run-ffmpeg.js';
import { checkVideoFile, videoFileInput } from './video-file.js';

export interface VideoInfo {
  /** Width of the decoded frames, i.e. after applying rotation metadata (90/270 degrees swap width and height). */
  readonly width: number;
  readonly height: number;
  /** Frame rate ffmpeg reports for the stream (average, or the stream's base rate `tbr`); 0 when it reports none. */
  readonly fps: number;
  /** The stream's pixel format as ffmpeg names it (yuv420p, yuv444p, bgra...), when it says. */
  readonly pixelFormat?: string;
  /** Clockwise rotation in degrees (0, 90, 180 or 270) that ffmpeg applies to the stored frames to show them upright. */
  readonly rotation: number;
  /** Container duration, when known. */
  readonly durationMs?: number;
  /** Number of video frames (packets), only when asked for with `countFrames` (it reads the whole file). */
  readonly frameCount?: number;
}

export interface ProbeVideoOptions {
  /** Also count the frames, by reading (not decoding) the whole file. Fast, but proportional to the file size. */
  readonly countFrames?: boolean;
}

/**
 * Reads a video's frame size (upright, as {@link decodeVideoFrames} yields it without `maxWidth`), frame rate and
 * rotation, from the header that `ffmpeg -i` prints.
 *
 * @throws HandflowError INPUT_NOT_FOUND, INPUT_UNREADABLE, DECODE_FAILED (not a video, or no video stream), FFMPEG_NOT_FOUND.
 */
export async function probeVideo(path: string, options: ProbeVideoOptions = {}): Promise<VideoInfo> {
  await checkVideoFile(path);
  const ffmpeg = resolveFfmpegPath();
  const source = videoFileInput(path);
  const { input } = source;
  const { stderr } = await runFfmpeg(ffmpeg, ['-hide_banner', '-nostdin', ...ffmpegInputArgs(source)]);
  const lines = stderr.split(/\r\n|\r|\n/);
  const streamAt = lines.findIndex((line) => /^\s*Stream #\d+:\d+.*: Video: /.test(line));
  if (streamAt < 0) {
    const hasInput = lines.some((line) => line.startsWith('Input #'));
    const refusal = lines.map(confinementRefusal).find((text) => text !== undefined);
    const reason = hasInput ? 'the file has no video stream' : refusal ?? knownCause(lines)?.text ?? lastErrorText(lines, input) ?? 'ffmpeg cannot read it';
    throw decodeFailed(path, `not a readable video: ${reason}`);
  }
  const streamLine = lines[streamAt]!;
  const videoPart = streamLine.slice(streamLine.indexOf(': Video: '));
  const size = /, (\d+)x(\d+)(?=[\s,]|$)/.exec(videoPart);
  if (size === null) throw decodeFailed(path, `ffmpeg does not report a frame size: ${streamLine.trim()}`);
  let width = Number(size[1]);
  let height = Number(size[2]);
  const pixelFormat = /, ([a-z][a-z0-9_]*)(?:\([^)]*\))?, \d+x\d+/.exec(videoPart)?.[1];
  const fps = parseRate(/([\d.]+k?) fps/.exec(videoPart)?.[1]) ?? parseRate(/([\d.]+k?) tbr/.exec(videoPart)?.[1]) ?? 0;

  let rotation = 0;
  for (let i = streamAt + 1; i < lines.length && !/^\s*Stream #/.test(lines[i]!); i += 1) {
    const tag = /^\s*rotate\s*:\s*(-?[\d.]+)/.exec(lines[i]!);
    const matrix = /displaymatrix: rotation of (-?[\d.]+) degrees/.exec(lines[i]!);
    if (tag !== null) rotation = Number(tag[1]);
    else if (matrix !== null && rotation === 0) rotation = -Number(matrix[1]);
  }
  rotation = (((Math.round(rotation / 90) * 90) % 360) + 360) % 360;
  if (rotation === 90 || rotation === 270) [width, height] = [height, width];

  const duration = /Duration: (\d+):(\d+):(\d+(?:\.\d+)?)/.exec(stderr);
  const durationMs =
    duration === null ? undefined : Math.round((Number(duration[1]) * 3600 + Number(duration[2]) * 60 + Number(duration[3])) * 1000);

  let frameCount: number | undefined;
  if (options.countFrames) {
    const counted = await runFfmpeg(ffmpeg, ['-hide_banner', '-nostdin', ...ffmpegInputArgs(source), '-map', '0:v:0', '-c', 'copy', '-f', 'null', '-']);
    const matches = [...counted.stderr.matchAll(/frame=\s*(\d+)/g)];
    if (counted.code !== 0 || matches.length === 0) {
      throw decodeFailed(path, `cannot count its frames: ${lastErrorText(counted.stderr.split(/\r\n|\r|\n/), input) ?? 'ffmpeg failed'}`);
    }
    frameCount = Number(matches[matches.length - 1]![1]);
  }
  return {
    width,
    height,
    fps,
    rotation,
    ...(pixelFormat === undefined ? {} : { pixelFormat }),
    ...(durationMs === undefined ? {} : { durationMs }),
    ...(frameCount === undefined ? {} : { frameCount }),
  };
}

function parseRate(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = text.endsWith('k') ? Number(text.slice(0, -1)) * 1000 : Number(text);
  return Number.isFinite(value) && value > 0 ? value : undefined;
}
