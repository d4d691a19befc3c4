import { spawn } from 'node:child_process';

import { HandflowError } from '../core/errors.js';

/** Runs ffmpeg to completion, collecting stderr (bounded). */
export function runFfmpeg(ffmpeg: string, args: readonly string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpeg, args, { stdio: ['ignore', 'ignore', 'pipe'], windowsHide: true });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      stderr += text;
      if (stderr.length > 1_000_000) stderr = stderr.slice(-500_000);
    });
    child.once('error', (error) =>
      reject(new HandflowError('FFMPEG_NOT_FOUND', `could not run ffmpeg (${ffmpeg}): ${error.message}`, { cause: error })),
    );
    child.once('close', (code) => resolve({ code, stderr }));
  });
}
