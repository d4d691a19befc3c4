import { HandflowError } from '../core/errors.js';
import type { FfmpegInput } from './video-decoder.js';

/** URL schemes ffmpeg reads as live streams. */
const STREAM_SCHEMES = new Set(['rtsp:', 'rtsps:', 'http:', 'https:', 'rtmp:', 'rtmps:', 'udp:', 'tcp:', 'srt:']);

/** True for a source text that is a URL (`scheme://...`) rather than a path. */
export function looksLikeUrl(text: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
}

/** The URL with any password replaced by `***`, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password === '') return url;
    parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}

/**
 * The ffmpeg input for a network stream: RTSP over TCP (no lost UDP packets behind NAT), HTTP MJPEG and HLS as
 * ffmpeg detects them.
 *
 * @throws HandflowError INVALID_OPTION for a malformed URL or a scheme ffmpeg cannot stream.
 */
export function networkInput(url: string): FfmpegInput {
  const label = redactUrl(url);
  let scheme: string;
  try {
    scheme = new URL(url).protocol.toLowerCase();
  } catch {
    throw new HandflowError('INVALID_OPTION', `${label} is not a valid URL`);
  }
  if (!STREAM_SCHEMES.has(scheme)) {
    throw new HandflowError('INVALID_OPTION', `${label}: handflow reads ${[...STREAM_SCHEMES].map((s) => s.slice(0, -1)).join(', ')} streams, not ${scheme.slice(0, -1)}`);
  }
  const transport = scheme === 'rtsp:' || scheme === 'rtsps:' ? ['-rtsp_transport', 'tcp'] : [];
  return { inputOptions: transport, input: url, label };
}
