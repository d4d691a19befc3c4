import { hideSecrets, urlSecrets } from '../core/redact-url.js';
import { pushKeepingLast } from '../core/keep-last.js';
import { confinementRefusal } from './ffmpeg-confinement.js';
import { isNetworkStream, type FfmpegInput } from './ffmpeg-input.js';

/** ffmpeg's warnings and errors kept for a failure's reason: the last few say why. */
const LINES_KEPT = 8;

export interface FrameInfo {
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
export class FfmpegLog {
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
  /** A network stream: a list it serves would be served again. */
  private readonly stream: boolean;

  constructor(source: FfmpegInput) {
    this.input = source.input;
    this.stream = isNetworkStream(source);
    this.secrets = urlSecrets(source.viaStdin?.url ?? source.input);
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
    if (known !== undefined) return known.text;
    const pool = this.errors.length > 0 ? this.errors : this.warnings;
    const picked = preferred !== undefined ? [preferred, ...pool.filter((e) => e !== preferred).slice(-1)] : pool.slice(-2);
    // A protocol's line and its caller's often say the same ("Connection to tcp://... failed: Connection refused", then
    // "Connection refused"): a line another picked one already says is left out.
    const telling = picked.filter((line, index) => !picked.some((other, at) => at !== index && other.includes(line) && (other !== line || at < index)));
    return telling.length === 0 ? undefined : telling.join('; ');
  }

  /**
   * The failure is one that opening the stream again would meet again: a certificate refused, an ffmpeg too old, or
   * what a stream's own list named refused by the confinement.
   */
  get lasting(): boolean {
    return (this.stream && this.refusal !== undefined) || knownCause([...this.warnings, ...this.errors])?.lasting === true;
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
      pushKeepingLast(this.errors, cleaned, LINES_KEPT);
    } else if (level === 'warning') {
      pushKeepingLast(this.warnings, hideSecrets(stripInput(text, this.input), this.secrets), LINES_KEPT);
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

function stripInput(text: string, input: string): string {
  return text.startsWith(`${input}: `) ? text.slice(input.length + 2) : text;
}

const CERTIFICATE_REFUSED = /Peer certificate failed verification|The certificate's owner does not match hostname \S+/;

/** A failure told in terms a user can act on; `lasting` when opening the input again would meet it again. */
export interface KnownCause {
  readonly text: string;
  readonly lasting: boolean;
}

/**
 * What a user can act on, for the failures ffmpeg only names in its own terms before a generic last line ("Invalid
 * data found when processing input").
 */
export function knownCause(lines: readonly string[]): KnownCause | undefined {
  // A file that only looks like an MP4 by its name ("misdetection possible") misses its index too: that is no video.
  const mp4 = !lines.some((line) => line.includes('misdetection possible'));
  if (mp4 && lines.some((line) => line.includes('moov atom not found'))) {
    const text = 'the file ends before its index (ffmpeg: "moov atom not found"): it is cut short, or still being recorded; use the whole file once its recording has finished';
    return { text, lasting: false };
  }
  // ffmpeg before 4.4 (the 2018 build bundled with handflow) reads no options from the list a stream's URL comes in.
  if (lines.some((line) => line.includes("unknown keyword 'option'"))) {
    const text = 'this ffmpeg is too old to read the stream as handflow hands it over (its concat lists take no option lines): install your system\'s ffmpeg (e.g. "apt install ffmpeg"), which handflow then runs';
    return { text, lasting: true };
  }
  // ffmpeg's TLS (GnuTLS) checking a stream with --stream-ca (tls_verify).
  const certificate = lines.map((line) => CERTIFICATE_REFUSED.exec(line)?.[0]).find((text) => text !== undefined);
  if (certificate !== undefined) {
    return { text: `the stream's certificate is not one --stream-ca vouches for, or not for its host (ffmpeg: "${certificate}")`, lasting: true };
  }
  return undefined;
}

export function lastErrorText(lines: readonly string[], input: string): string | undefined {
  const useful = lines
    .map((line) => stripInput(line.trim(), input))
    .filter((line) => line !== '' && !/^(At least one output file must be specified|Conversion failed!)/.test(line));
  return useful.at(-1);
}
