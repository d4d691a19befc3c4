import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { resolveFfmpegPath } from '../ingestion/ffmpeg-binary.js';
import { sharedData } from './shared-data.js';

/**
 * Two seconds of the shared open-hand video as MPEG-2 in MPEG-TS, as a test camera or web server streams it (written to
 * `clip.ts` in `folder`): a format any stream carries, which ffmpeg decodes from its first bytes.
 */
export function streamClip(folder: string): Buffer {
  const path = join(folder, 'clip.ts');
  execFileSync(resolveFfmpegPath(), ['-v', 'error', '-y', '-i', sharedData('mediapipe-samples/open_hand_video.mp4'), '-t', '2', '-c:v', 'mpeg2video', '-q:v', '4', '-an', '-f', 'mpegts', path]);
  return readFileSync(path);
}
