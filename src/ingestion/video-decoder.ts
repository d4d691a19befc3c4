import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { resolve as resolvePath } from 'node:path';

import { HandflowError } from '../core/errors.js';
import type { FrameSize, RgbImage } from '../core/image.js';
import { resolveFfmpegPath } from './ffmpeg-binary.js';
import { confinementOptions, confinementRefusal, VIDEO_FILE_CONFINEMENT, type FfmpegConfinement } from './ffmpeg-confinement.js';

/** One decoded video frame. */
export interface VideoFrame {
  /** The frame as RGB24, upright (rotation metadata applied). Each frame owns a fresh buffer the caller may keep. */
  readonly image: RgbImage;
  /** 0-based position of the frame in decode output order (= presentation order). */
  readonly index: number;
  /** Presentation timestamp in milliseconds, from the container (ffmpeg shifts the file's start to 0). */
  readonly timestampMs: number;
  /** With `scaleTo`: the frame's size before ffmpeg scaled it (upright, after `maxWidth` and `fitInto`). */
  readonly decodedFrom?: FrameSize;
}

export interface DecodeVideoOptions {
  /** Downscale (keeping the aspect ratio) so that frames are at most this wide. Smaller videos are not enlarged. */
  readonly maxWidth?: number;
  /**
   * Scale every frame to fit inside this size, keeping its aspect ratio, and pad the rest with black so
   * frames are exactly this size (a camera-like 640x480 from any video). Applied after `maxWidth`.
   */
  readonly fitInto?: FrameSize;
  /**
   * Scale every frame to exactly this size as it is decoded (bilinear), so that neither
   * ffmpeg's colour conversion nor the pipe nor the caller handles the full-size frame. Applied after `fitInto`;
   * frames say their size before it (`decodedFrom`).
   */
  readonly scaleTo?: FrameSize;
  /** Flip every frame left to right (a camera shown as a mirror). Applied last. Defaults to false. */
  readonly mirror?: boolean;
  /** Aborting stops ffmpeg; the pending or next `next()` then rejects with `signal.reason`. */
  readonly signal?: AbortSignal;
}

export interface DecodeVideoFileOptions extends DecodeVideoOptions {
  /**
   * Start at this position in ms: ffmpeg seeks, decoding from the keyframe before it without converting those
   * frames. Timestamps stay the file's own. Defaults to 0.
   */
  readonly startMs?: number;
}

export interface VideoInfo {
  /** Width of the decoded frames, i.e. after applying rotation metadata (90/270 degrees swap width and height). */
  readonly width: number;
  readonly height: number;
  /** Frame rate ffmpeg reports for the stream (average, or the stream's base rate `tbr`); 0 when it reports none. */
  readonly fps: number;
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
 * Decodes a video (or animated GIF) file with ffmpeg into upright RGB24 frames.
 *
 * ffmpeg writes raw frames on its stdout; their size and timestamps come from the `showinfo` filter, which
 * ffmpeg logs on stderr before it writes each frame, so sizes always match the bytes (rotation included) and
 * timestamps are the real presentation timestamps (variable frame rates and GIF delays are kept, frames are
 * neither duplicated nor dropped).
 *
 * Frames are read only as fast as they are consumed: while the caller is busy, the pipe fills and ffmpeg waits.
 * Leaving the loop early (`break`, `return`, a thrown error) or aborting the signal kills ffmpeg, and the
 * generator finishes only after the process has exited. Always either consume the generator to the end or leave
 * it with `break`/`return()`: a generator that is merely dropped keeps ffmpeg waiting on its pipe.
 *
 * A truncated or damaged file yields the frames ffmpeg could decode, then throws DECODE_FAILED saying where
 * ffmpeg stopped (ffmpeg itself exits successfully in that case). A file cut so short that nothing can be
 * decoded (e.g. an mp4 whose index is missing) throws DECODE_FAILED before any frame. Truncation that ffmpeg does
 * not notice (a GIF cut between two frames) ends cleanly with fewer frames.
 *
 * @throws HandflowError INPUT_NOT_FOUND (no such file), INPUT_UNREADABLE (not a readable file),
 *   DECODE_FAILED (empty, not a video, damaged: the message names the file and gives ffmpeg's reason),
 *   FFMPEG_NOT_FOUND, INVALID_OPTION (bad maxWidth, fitInto or scaleTo).
 */
export async function* decodeVideoFrames(
  path: string,
  options: DecodeVideoFileOptions = {},
): AsyncGenerator<VideoFrame, void, undefined> {
  checkFrameOptions(options);
  const startMs = Math.round(options.startMs ?? 0);
  if (!(Number.isFinite(startMs) && startMs >= 0)) throw new HandflowError('INVALID_OPTION', `startMs must be a position of 0 ms or more, got ${options.startMs}`);
  options.signal?.throwIfAborted();
  await checkVideoFile(path);
  const seek = startMs > 0 ? ['-ss', (startMs / 1000).toFixed(3)] : [];
  for await (const frame of decodeFfmpegFrames({ ...videoFileInput(path), inputOptions: seek }, options)) {
    // ffmpeg counts a seek's timestamps from where it starts.
    yield { ...frame, timestampMs: frame.timestampMs + startMs };
  }
}

/** Where ffmpeg reads from: a file, a camera device or a network stream. */
export interface FfmpegInput {
  /** Options placed before `-i`: the input format and its settings (e.g. `-f v4l2 -video_size 640x480`). */
  readonly inputOptions: readonly string[];
  /** What follows `-i`: a `file:` path, a device name or a URL. */
  readonly input: string;
  /** How messages name the input: the file path, or the URL as the user gave it with its password hidden. */
  readonly label: string;
  /** What ffmpeg may open to read it. */
  readonly confinement: FfmpegConfinement;
  /**
   * A URL handed over on ffmpeg's standard input, in a concat list (`input` is then `pipe:0`), rather than on its
   * command line, which any local user can read: the list, and the URL it names (whose password messages hide).
   */
  readonly viaStdin?: { readonly list: string; readonly url: string };
  /**
   * Started for each decode, before ffmpeg: something between ffmpeg and the stream (the RTSP relay that refuses
   * redirects), which gives the concat list ffmpeg reads then.
   */
  readonly relay?: () => Promise<InputRelay>;
}

/** What runs between ffmpeg and a stream for one decode. */
export interface InputRelay {
  /** The concat list ffmpeg reads instead of `viaStdin.list`. */
  readonly list: string;
  /** Why the relay cut the stream, if it did: the decode's failure is reported with this reason. */
  failure(): string | undefined;
  close(): Promise<void>;
}

/** The options before `-i` and the `-i` itself: confinement first, so nothing the input names can lift it. */
export function ffmpegInputArgs(source: FfmpegInput): string[] {
  return [...confinementOptions(source.confinement), ...source.inputOptions, '-i', source.input];
}

/**
 * Decodes any ffmpeg input into upright RGB24 frames, with the behaviour of {@link decodeVideoFrames}
 * (real timestamps, backpressure, ffmpeg killed on early exit or abort, DECODE_FAILED naming `input.label`).
 * For inputs that are not plain files: cameras and network streams.
 */
export async function* decodeFfmpegFrames(
  source: FfmpegInput,
  options: DecodeVideoOptions = {},
): AsyncGenerator<VideoFrame, void, undefined> {
  const { maxWidth, fitInto, scaleTo, mirror, signal } = options;
  checkFrameOptions(options);
  signal?.throwIfAborted();
  const path = source.label;
  const ffmpeg = resolveFfmpegPath();
  const dialect = await ffmpegDialect(ffmpeg);
  const filters = [
    ...(maxWidth === undefined ? [] : [`scale=w='min(iw,${maxWidth})':h=-1`]),
    ...(fitInto === undefined
      ? []
      : [
          `scale=${fitInto.width}:${fitInto.height}:force_original_aspect_ratio=decrease`,
          `pad=${fitInto.width}:${fitInto.height}:(ow-iw)/2:(oh-ih)/2`,
        ]),
    // showinfo describes each frame before it is scaled: its size there is the frame's own.
    dialect.showinfo,
    ...(scaleTo === undefined ? [] : [`scale=${scaleTo.width}:${scaleTo.height}:flags=bilinear`]),
    ...(mirror ? ['hflip'] : []),
  ].join(',');
  const args = [
    '-hide_banner', '-nostdin', '-nostats', '-loglevel', 'level+info',
    ...ffmpegInputArgs(source),
    '-map', '0:v:0',
    dialect.frameSync, 'passthrough',
    '-vf', filters,
    '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1',
  ];

  const relay = await source.relay?.();
  const child = spawn(ffmpeg, args, { stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
  // The concat list of a network stream, if any, then end of input (-nostdin: ffmpeg reads no commands from it).
  child.stdin.on('error', () => undefined);
  child.stdin.end(relay?.list ?? source.viaStdin?.list ?? '');
  const log = new FfmpegLog(source);
  let spawnError: Error | undefined;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('error', (error) => {
      spawnError = error;
      resolve({ code: null, signal: null });
    });
    child.once('close', (code, exitSignal) => resolve({ code, signal: exitSignal }));
  });
  let running = true;
  void exited.then(() => {
    running = false;
    log.finish();
  });
  const kill = (): void => {
    if (running) child.kill('SIGKILL');
  };
  const onAbort = (): void => {
    kill();
    log.finish(); // wakes a wait for frame info
  };
  signal?.addEventListener('abort', onAbort, { once: true });

  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => log.push(text));
  child.stderr.on('error', () => undefined);
  child.stdout.on('error', () => undefined);

  let index = 0;
  try {
    let frame: Uint8Array | undefined;
    let filled = 0;
    let info: FrameInfo | undefined;
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      let offset = 0;
      while (offset < chunk.length) {
        if (signal?.aborted) throw signal.reason;
        if (frame === undefined) {
          info = await log.nextFrameInfo();
          if (signal?.aborted) throw signal.reason;
          if (info === undefined) {
            throw decodeFailed(path, `ffmpeg wrote frame ${index} without describing it (${log.reason() ?? 'no reason given'})`);
          }
          if (index > 0 && (info.width !== log.first!.width || info.height !== log.first!.height)) {
            throw decodeFailed(
              path,
              `the frame size changes from ${log.first!.width}x${log.first!.height} to ${info.width}x${info.height} ` +
                `at frame ${index}, which handflow does not support`,
            );
          }
          frame = new Uint8Array(byteLength(scaleTo ?? info));
          filled = 0;
        }
        const count = Math.min(frame.length - filled, chunk.length - offset);
        frame.set(chunk.subarray(offset, offset + count), filled);
        filled += count;
        offset += count;
        if (filled === frame.length) {
          const { width, height } = scaleTo ?? info!;
          const image: RgbImage = { data: frame, width, height };
          frame = undefined;
          const decodedFrom = scaleTo === undefined ? {} : { decodedFrom: { width: info!.width, height: info!.height } };
          yield { image, index, timestampMs: info!.timestampMs, ...decodedFrom };
          index += 1;
        }
      }
    }

    const exit = await exited;
    if (signal?.aborted) throw signal.reason;
    if (spawnError !== undefined) {
      throw new HandflowError('FFMPEG_NOT_FOUND', `could not run ffmpeg (${ffmpeg}): ${spawnError.message}`, {
        cause: spawnError,
      });
    }
    if (exit.code !== 0) {
      const why = log.reason() ?? (exit.signal ? `ffmpeg was killed by ${exit.signal}` : `ffmpeg exited with code ${exit.code}`);
      const where = index > 0 ? ` after ${index} frames` : '';
      throw decodeFailed(path, `cannot decode the video${where}: ${why}`);
    }
    if (frame !== undefined) {
      throw decodeFailed(path, `ffmpeg's output ended in the middle of frame ${index} (${log.reason() ?? 'no reason given'})`);
    }
    if (log.inputError !== undefined) {
      throw decodeFailed(
        path,
        `the video is truncated or damaged: ffmpeg stopped after ${index} frames (${log.reason(log.inputError)})`,
      );
    }
    if (index === 0) {
      throw decodeFailed(path, `the video has no frames that ffmpeg could decode${log.reason() ? ` (${log.reason()})` : ''}`);
    }
  } catch (error) {
    // ffmpeg only saw its connection to the relay end: the relay knows why.
    const cut = signal?.aborted ? undefined : relay?.failure();
    throw cut === undefined ? error : decodeFailed(path, `cannot decode the video${index > 0 ? ` after ${index} frames` : ''}: ${cut}`);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    kill();
    await exited;
    await relay?.close();
  }
}

const byteLength = ({ width, height }: FrameSize): number => width * height * 3;

function checkFrameOptions({ maxWidth, fitInto, scaleTo }: DecodeVideoOptions): void {
  if (scaleTo !== undefined && !(Number.isInteger(scaleTo.width) && Number.isInteger(scaleTo.height) && scaleTo.width > 0 && scaleTo.height > 0)) {
    throw new HandflowError('INVALID_OPTION', `scaleTo needs whole numbers of pixels, got ${scaleTo.width}x${scaleTo.height}`);
  }
  if (maxWidth !== undefined && !(Number.isInteger(maxWidth) && maxWidth > 0)) {
    throw new HandflowError('INVALID_OPTION', `maxWidth must be a positive whole number of pixels, got ${maxWidth}`);
  }
  for (const size of fitInto ? [fitInto.width, fitInto.height] : []) {
    if (!(Number.isInteger(size) && size > 1 && size % 2 === 0)) {
      throw new HandflowError('INVALID_OPTION', `fitInto needs even whole numbers of pixels, got ${fitInto!.width}x${fitInto!.height}`);
    }
  }
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
    const reason = hasInput ? 'the file has no video stream' : refusal ?? knownCause(lines) ?? lastErrorText(lines, input) ?? 'ffmpeg cannot read it';
    throw decodeFailed(path, `not a readable video: ${reason}`);
  }
  const streamLine = lines[streamAt]!;
  const videoPart = streamLine.slice(streamLine.indexOf(': Video: '));
  const size = /, (\d+)x(\d+)(?=[\s,]|$)/.exec(videoPart);
  if (size === null) throw decodeFailed(path, `ffmpeg does not report a frame size: ${streamLine.trim()}`);
  let width = Number(size[1]);
  let height = Number(size[2]);
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
    ...(durationMs === undefined ? {} : { durationMs }),
    ...(frameCount === undefined ? {} : { frameCount }),
  };
}

interface FrameInfo {
  readonly width: number;
  readonly height: number;
  readonly timestampMs: number;
}

const LOG_LINE = /^(?:\[([^\]]*?) @ [0-9a-fA-Fx]+\] )?\[(trace|debug|verbose|info|warning|error|fatal|panic)\] ?(.*)$/;
const SHOWINFO_FRAME = /^n:\s*(\d+)\s+pts:\s*(\S+)\s+pts_time:\s*(\S+)/;
const SHOWINFO_SIZE = /\bs:(\d+)x(\d+)\b/;
const SHOWINFO_RATE = /frame_rate:\s*(\d+)\/(\d+)/;
const SHOWINFO_TIME_BASE = /config in time_base:\s*(\d+)\/(\d+)/;
/**
 * Error lines that are not the reason, only its consequence: ffmpeg's own, and the concat list's wrapper around a
 * network stream's failure ("Impossible to open '<url>'", the reason following on the next line).
 */
const GENERIC_ERROR = /^(Conversion failed!|Exiting normally|Error (opening|initializing|while opening) (output|encoder)|Error while processing the decoded data|Impossible to open ')/;

/** Parses ffmpeg's stderr (`-loglevel level+info`): frame descriptions from showinfo, and the error lines. */
class FfmpegLog {
  first: FrameInfo | undefined;
  /** The first error ffmpeg reported about reading the input (as when a file is truncated), if any. */
  inputError: string | undefined;
  private readonly frames: FrameInfo[] = [];
  private readonly errors: string[] = [];
  private readonly warnings: string[] = [];
  private partial = '';
  private frameRate = 0;
  private timeBase: readonly [number, number] | undefined;
  private lastTimestampMs = -Infinity;
  private done = false;
  private wake: (() => void) | undefined;
  /** What a confinement list refused: the whole story when it happens, so it replaces the other errors. */
  private refusal: string | undefined;
  private readonly input: string;
  private readonly secrets: readonly string[];

  constructor(source: FfmpegInput) {
    this.input = source.input;
    this.secrets = secretsIn(source.viaStdin?.url ?? source.input);
  }

  push(text: string): void {
    const lines = (this.partial + text).split(/\r\n|\r|\n/);
    this.partial = lines.pop()!;
    for (const line of lines) this.line(line);
    this.notify();
  }

  finish(): void {
    if (this.partial !== '') this.line(this.partial);
    this.partial = '';
    this.done = true;
    this.notify();
  }

  /** The description of the next frame, waiting for ffmpeg to log it; undefined if ffmpeg ended without it. */
  async nextFrameInfo(): Promise<FrameInfo | undefined> {
    while (this.frames.length === 0 && !this.done) {
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
    return this.frames.shift();
  }

  /** The most telling error (or failing that, warning) ffmpeg logged: up to the last two, on one line. */
  reason(preferred?: string): string | undefined {
    if (this.refusal !== undefined) return this.refusal;
    const known = knownCause([...this.warnings, ...this.errors]);
    if (known !== undefined) return known;
    const pool = this.errors.length > 0 ? this.errors : this.warnings;
    const picked = preferred !== undefined ? [preferred, ...pool.filter((e) => e !== preferred).slice(-1)] : pool.slice(-2);
    return picked.length === 0 ? undefined : [...new Set(picked)].join('; ');
  }

  private line(raw: string): void {
    if (raw.trim() === '') return;
    const match = LOG_LINE.exec(raw);
    const context = match?.[1] ?? '';
    const level = match?.[2] ?? 'info';
    const text = (match?.[3] ?? raw).trim();
    if (context.startsWith('Parsed_showinfo')) {
      this.showinfo(text);
      return;
    }
    if (level === 'error' || level === 'fatal' || level === 'panic') {
      this.refusal ??= confinementRefusal(raw);
      const cleaned = hideSecrets(stripInput(text, this.input), this.secrets);
      if (GENERIC_ERROR.test(cleaned)) return;
      if (this.inputError === undefined && (text.startsWith(`${this.input}: `) || /partial file/.test(text))) {
        this.inputError = cleaned;
      }
      remember(this.errors, cleaned);
    } else if (level === 'warning') {
      remember(this.warnings, hideSecrets(stripInput(text, this.input), this.secrets));
    }
  }

  private showinfo(text: string): void {
    const frame = SHOWINFO_FRAME.exec(text);
    if (frame === null) {
      const rate = SHOWINFO_RATE.exec(text);
      if (rate !== null && Number(rate[2]) > 0) this.frameRate = Number(rate[1]) / Number(rate[2]);
      const timeBase = SHOWINFO_TIME_BASE.exec(text);
      if (timeBase !== null && Number(timeBase[2]) > 0) this.timeBase = [Number(timeBase[1]), Number(timeBase[2])];
      return;
    }
    const size = SHOWINFO_SIZE.exec(text);
    if (size === null) return;
    // pts_time is printed with 6 significant digits only (10 ms steps after 16 minutes): prefer pts x time base.
    const pts = Number(frame[2]);
    const micros =
      Number.isInteger(pts) && this.timeBase !== undefined
        ? (pts * this.timeBase[0] * 1e6) / this.timeBase[1]
        : Number(frame[3]) * 1e6;
    let timestampMs: number;
    if (Number.isFinite(micros)) {
      timestampMs = Math.round(micros) / 1e3;
    } else {
      // No timestamp (NOPTS): continue at the stream's frame rate.
      const step = this.frameRate > 0 ? 1000 / this.frameRate : 40;
      timestampMs = Number.isFinite(this.lastTimestampMs) ? this.lastTimestampMs + step : 0;
    }
    this.lastTimestampMs = timestampMs;
    const info: FrameInfo = { width: Number(size[1]), height: Number(size[2]), timestampMs };
    this.first ??= info;
    this.frames.push(info);
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

function remember(list: string[], line: string): void {
  list.push(line);
  if (list.length > 8) list.shift();
}

/** A URL's password as ffmpeg may print it (as written, and decoded), to be hidden from messages. */
function secretsIn(input: string): string[] {
  let password: string;
  try {
    password = new URL(input).password;
  } catch {
    return [];
  }
  if (password === '') return [];
  try {
    return [...new Set([password, decodeURIComponent(password)])];
  } catch {
    return [password];
  }
}

function hideSecrets(text: string, secrets: readonly string[]): string {
  return secrets.reduce((hidden, secret) => hidden.replaceAll(secret, '***'), text);
}

function stripInput(text: string, input: string): string {
  return text.startsWith(`${input}: `) ? text.slice(input.length + 2) : text;
}

/**
 * What a user can act on, for the failures ffmpeg only names in its own terms before a generic last line ("Invalid
 * data found when processing input").
 */
function knownCause(lines: readonly string[]): string | undefined {
  // A file that only looks like an MP4 by its name ("misdetection possible") misses its index too: that is no video.
  const mp4 = !lines.some((line) => line.includes('misdetection possible'));
  if (mp4 && lines.some((line) => line.includes('moov atom not found'))) {
    return 'the file ends before its index (ffmpeg: "moov atom not found"): it is cut short, or still being recorded; use the whole file once its recording has finished';
  }
  return undefined;
}

function lastErrorText(lines: readonly string[], input: string): string | undefined {
  const useful = lines
    .map((line) => stripInput(line.trim(), input))
    .filter((line) => line !== '' && !/^(At least one output file must be specified|Conversion failed!)/.test(line));
  return useful.at(-1);
}

function parseRate(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = text.endsWith('k') ? Number(text.slice(0, -1)) * 1000 : Number(text);
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

/** A video file, confined to itself. `file:` keeps ffmpeg from reading a name like `a:b.mp4` as protocol `a`. */
function videoFileInput(path: string): FfmpegInput {
  return { inputOptions: [], input: `file:${resolvePath(path)}`, label: path, confinement: VIDEO_FILE_CONFINEMENT };
}

function decodeFailed(path: string, detail: string): HandflowError {
  return new HandflowError('DECODE_FAILED', `${path}: ${detail}`);
}

/** INPUT_NOT_FOUND / INPUT_UNREADABLE / DECODE_FAILED (empty) before ffmpeg is started, with plain messages. */
async function checkVideoFile(path: string): Promise<void> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new HandflowError('INPUT_UNREADABLE', `${path} is not a file (it is a directory or a device)`);
    size = info.size;
    await access(path, constants.R_OK);
  } catch (error) {
    if (error instanceof HandflowError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new HandflowError('INPUT_NOT_FOUND', `video file not found: ${path}`, { cause: error });
    }
    throw new HandflowError('INPUT_UNREADABLE', `cannot read video file ${path}: ${(error as Error).message}`, { cause: error });
  }
  if (size === 0) throw decodeFailed(path, 'the file is empty (0 bytes), not a video');
}

/** Runs ffmpeg to completion, collecting stderr (bounded). */
function runFfmpeg(ffmpeg: string, args: readonly string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpeg, args, { stdio: ['ignore', 'ignore', 'pipe'], windowsHide: true });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      stderr += text;
      if (stderr.length > 1_000_000) stderr = stderr.slice(-500_000);
    });
    child.once('error', (error) =>
      reject(new HandflowError('FFMPEG_NOT_FOUND', `could not run ffmpeg (${ffmpeg}): ${error.message}`, { cause: error })),
    );
    child.once('close', (code) => resolve({ code, stderr }));
  });
}

/** Where the ffmpeg builds handflow runs differ, for the options it gives them. */
interface FfmpegDialect {
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
function ffmpegDialect(ffmpeg: string): Promise<FfmpegDialect> {
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
