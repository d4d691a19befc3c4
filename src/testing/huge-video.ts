import { execFileSync } from 'node:child_process';

import { resolveFfmpegPath } from '../ingestion/ffmpeg-binary.js';

/** The frame size of {@link hugeVideo}: 121 megapixels, over handflow's limit of 100. */
export const HUGE_FRAME = { width: 11_000, height: 11_000 };

/**
 * Writes to `path` two grey frames of {@link HUGE_FRAME} as MJPEG, in an AVI file or in Matroska (which a stream
 * may carry): about 1.4 MB, which would take 363 MB a frame as RGB.
 */
export function hugeVideo(path: string, format: 'avi' | 'matroska'): string {
  const size = `${HUGE_FRAME.width}x${HUGE_FRAME.height}`;
  execFileSync(resolveFfmpegPath(), ['-v', 'error', '-y', '-f', 'lavfi', '-i', `color=c=gray:s=${size}:r=25`, '-frames:v', '2', '-c:v', 'mjpeg', '-q:v', '31', '-f', format, path]);
  return path;
}
