import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { resolve as resolvePath } from 'node:path';

import { HandflowError } from '../core/errors.js';
import { VIDEO_FILE_CONFINEMENT } from './ffmpeg-confinement.js';
import { decodeFailed, type FfmpegInput } from './ffmpeg-input.js';

/** A video file, confined to itself. `file:` keeps ffmpeg from reading a name like `a:b.mp4` as protocol `a`. */
export function videoFileInput(path: string): FfmpegInput {
  return { inputOptions: [], input: `file:${resolvePath(path)}`, label: path, confinement: VIDEO_FILE_CONFINEMENT };
}

/** INPUT_NOT_FOUND / INPUT_UNREADABLE / DECODE_FAILED (empty) before ffmpeg is started, with plain messages. */
export async function checkVideoFile(path: string): Promise<void> {
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
