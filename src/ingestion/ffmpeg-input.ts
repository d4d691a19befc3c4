import { HandflowError } from '../core/errors.js';
import { confinementOptions, type FfmpegConfinement } from './ffmpeg-confinement.js';

/** Where ffmpeg reads from: a file, a camera device or a network stream. */
export interface FfmpegInput {
  /** Options placed before `-i`: the input format and its settings (e.g. `-f v4l2 -video_size 640x480`). */
  readonly inputOptions: readonly string[];
  /** What follows `-i`: a `file:` path, a device name or a URL. */
  readonly input: string;
  /** How messages name the input: the file path, or the URL as the user gave it with its secrets hidden (see `redactUrl`). */
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
  failure(): InputFailure | undefined;
  /**
   * Aborted when the relay refuses something the stream asked for: the decode ends then, with `failure()`. For
   * relays whose refusal ffmpeg could pass over (an HLS segment it skips).
   */
  readonly refused?: AbortSignal;
  /** Environment variables ffmpeg must run without (a `no_proxy` would let it bypass the relay). */
  readonly unsetEnvironment?: readonly string[];
  close(): Promise<void>;
}

/** True for a network stream (its URL comes in a list on stdin): what refused it once would refuse it again. */
export function isNetworkStream(source: FfmpegInput): boolean {
  return source.viaStdin !== undefined;
}

/**
 * Decoder options for a live input (a camera, a network stream): no frame threading. With it, ffmpeg decodes as many
 * frames at once as it has threads (the cores + 1) and gives each out only when all of them are in, so every frame
 * of a live source comes out frames late: 80-120 ms at 25 fps on 2 cores, over 250 ms at 30 fps on 8. Slice
 * threading, which holds nothing back, stays for streams that have several slices a frame. Files keep frame threading:
 * they are decoded ahead of the pipeline, where only throughput counts.
 */
export const LIVE_DECODE_OPTIONS: readonly string[] = ['-thread_type', 'slice'];

/** The options before `-i` and the `-i` itself: confinement first, so nothing the input names can lift it. */
export function ffmpegInputArgs(source: FfmpegInput): string[] {
  return [...confinementOptions(source.confinement), ...source.inputOptions, '-i', source.input];
}

/** Why reading an input failed; `lasting` when opening it again would fail the same way (a refused certificate). */
export interface InputFailure {
  readonly reason: string;
  readonly lasting: boolean;
}

/** DECODE_FAILED for an input, named as messages name it; STREAM_REFUSED when the failure is `lasting`. */
export function decodeFailed(label: string, detail: string, lasting = false): HandflowError {
  return new HandflowError(lasting ? 'STREAM_REFUSED' : 'DECODE_FAILED', `${label}: ${detail}`);
}
