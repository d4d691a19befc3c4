import { execFileSync } from 'node:child_process';

import { resolveFfmpegPath } from '../ingestion/ffmpeg-binary.js';

/** The frame size of {@link hugeVideo}: 41 megapixels, over handflow's limit for video (8K, 33 megapixels), not for photos. */
export const HUGE_FRAME = { width: 8192, height: 5000 };

/**
 * Writes to `path` two grey frames of {@link HUGE_FRAME} as MJPEG, in an AVI file or in Matroska (which a stream
 * may carry): a few hundred KB, which would take 123 MB a frame as RGB.
 */
export function hugeVideo(path: string, format: 'avi' | 'matroska'): string {
  const size = `${HUGE_FRAME.width}x${HUGE_FRAME.height}`;
  execFileSync(resolveFfmpegPath(), ['-v', 'error', '-y', '-f', 'lavfi', '-i', `color=c=gray:s=${size}:r=25`, '-frames:v', '2', '-c:v', 'mjpeg', '-q:v', '31', '-f', format, path]);
  return path;
}
