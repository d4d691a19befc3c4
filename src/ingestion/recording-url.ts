/**
 * File endings of recordings served over the web: a URL whose path ends in one is a recording, not a live
 * stream. Live streams over HTTP come as MJPEG (`.mjpg`, `.cgi`), MPEG-TS (`.ts`), FLV (`.flv`) or HLS (`.m3u8`,
 * which may be a recording too, and is not told apart).
 */
const RECORDING_ENDINGS = ['.mp4', '.m4v', '.mov', '.mkv', '.webm', '.avi'];

/**
 * Whether `url` serves a recording (an http or https URL to a video file, with no query): such a source is read
 * once, every frame, as a file is, rather than kept up with as a camera is (frames dropped, reconnected when it
 * ends). A URL with a query is taken to be live: camera gateways serve live MP4 so (go2rtc's
 * `/api/stream.mp4?src=cam`), and a live stream read as a recording would end at its first break.
 */
export function isRecordingUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
  if (parsed.search !== '') return false;
  const path = parsed.pathname.toLowerCase();
  return RECORDING_ENDINGS.some((ending) => path.endsWith(ending));
}

/** Whether a network source plays as a recording: as its `recording` says, or else as its URL does (isRecordingUrl). */
export function playsAsRecording({ url, recording }: { readonly url: string; readonly recording?: boolean | undefined }): boolean {
  return recording ?? isRecordingUrl(url);
}
