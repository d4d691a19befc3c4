import { spawn } from 'node:child_process';

import { HandflowError } from '../core/errors.js';
import type { FrameSize, RgbImage } from '../core/image.js';
import { resolveFfmpegPath } from './ffmpeg-binary.js';
import { ffmpegDialect } from './ffmpeg-dialect.js';
import { decodeFailed, ffmpegInputArgs, isNetworkStream, type FfmpegInput } from './ffmpeg-input.js';
import { FfmpegLog, type FrameInfo } from './ffmpeg-log.js';
import { pixelLimitProblem, VIDEO_PIXEL_LIMIT } from './pixel-limit.js';
import { rgbRouteFilters } from './rgb-route.js';
import { checkVideoFile, videoFileInput } from './video-file.js';

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
  /** The source's pixel format as ffmpeg names it, where known (see rgbRouteFilters). */
  readonly pixelFormat?: string;
  /** Where each frame's pixels go (see FrameSink.frameData). Defaults to a new array a frame. */
  readonly frameData?: (byteLength: number) => Uint8Array;
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


/**
 * Decodes any ffmpeg input into upright RGB24 frames, with the behaviour of {@link decodeVideoFrames}
 * (real timestamps, backpressure, ffmpeg killed on early exit or abort, DECODE_FAILED naming `input.label`).
 * For inputs that are not plain files: cameras and network streams.
 */
export async function* decodeFfmpegFrames(
  source: FfmpegInput,
  options: DecodeVideoOptions = {},
): AsyncGenerator<VideoFrame, void, undefined> {
  const { maxWidth, fitInto, scaleTo, mirror, pixelFormat, signal, frameData = (length: number) => new Uint8Array(length) } = options;
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
    ...rgbRouteFilters(pixelFormat, maxWidth !== undefined || fitInto !== undefined || scaleTo !== undefined),
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
  const env = relay?.unsetEnvironment === undefined ? process.env : withoutVariables(process.env, relay.unsetEnvironment);
  const child = spawn(ffmpeg, args, { stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true, env });
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
  relay?.refused?.addEventListener('abort', onAbort, { once: true });
  // Aborted while ffmpeg was being set up (its dialect checked, a relay started): no event will come for it now.
  if (signal?.aborted || relay?.refused?.aborted) onAbort();

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
          if (index === 0) refuseHugeFrames(source, info);
          if (index > 0 && (info.width !== log.first!.width || info.height !== log.first!.height)) {
            throw decodeFailed(
              path,
              `the frame size changes from ${log.first!.width}x${log.first!.height} to ${info.width}x${info.height} ` +
                `at frame ${index}, which handflow does not support`,
            );
          }
          frame = frameData(byteLength(scaleTo ?? info));
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
    // ffmpeg may have played to the end past what the relay refused: the refusal is the decode's outcome.
    if (relay?.refused?.aborted) throw decodeFailed(path, 'the relay refused the stream', true);
    if (spawnError !== undefined) {
      throw new HandflowError('FFMPEG_NOT_FOUND', `could not run ffmpeg (${ffmpeg}): ${spawnError.message}`, {
        cause: spawnError,
      });
    }
    if (exit.code !== 0) {
      const why = log.reason() ?? (exit.signal ? `ffmpeg was killed by ${exit.signal}` : `ffmpeg exited with code ${exit.code}`);
      const where = index > 0 ? ` after ${index} frames` : '';
      throw decodeFailed(path, `cannot decode the video${where}: ${why}`, log.lasting);
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
    throw cut === undefined ? error : decodeFailed(path, `cannot decode the video${index > 0 ? ` after ${index} frames` : ''}: ${cut.reason}`, cut.lasting);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    relay?.refused?.removeEventListener('abort', onAbort);
    kill();
    await exited;
    await relay?.close();
  }
}

function withoutVariables(env: NodeJS.ProcessEnv, names: readonly string[]): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !names.includes(name)));
}

const byteLength = ({ width, height }: FrameSize): number => width * height * 3;

/**
 * Refuses an input whose first frame is over the pixel limit, before a buffer is made for it (a video file is
 * refused when probed; this catches streams, and files decoded without a probe). The frames after it have its size.
 */
function refuseHugeFrames(source: FfmpegInput, first: FrameSize): void {
  const tooLarge = pixelLimitProblem(first, VIDEO_PIXEL_LIMIT);
  if (tooLarge === undefined) return;
  const stream = isNetworkStream(source);
  const advice = stream ? 'have the stream sent at a smaller size' : 'scale the video down first';
  throw decodeFailed(source.label, `its frames are ${tooLarge}: ${advice}`, stream);
}

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
