/**
 * File endings of recordings served over the web: a URL whose path ends in one is a recording, not a live
 * stream. Live streams over HTTP come as MJPEG (`.mjpg`, `.cgi`), MPEG-TS (`.ts`), FLV (`.flv`) or HLS (`.m3u8`,
 * which may be a recording too, and is not told apart).
 */
const RECORDING_ENDINGS = ['.mp4', '.m4v', '.mov', '.mkv', '.webm', '.avi'];

/**
 * Whether `url` serves a recording (an http or https URL to a video file): such a source is read once, every
 * frame, as a file is, rather than kept up with as a camera is (frames dropped, reconnected when it ends).
 */
export function isRecordingUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
  const path = parsed.pathname.toLowerCase();
  return RECORDING_ENDINGS.some((ending) => path.endsWith(ending));
}
