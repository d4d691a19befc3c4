import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { errorMessage } from '../core/errors.js';
import { isImagePath } from './image-decoder.js';

export type InputKind = 'image' | 'video';

export interface InputFile {
  path: string;
  kind: InputKind;
}

export interface InputProblem {
  path: string;
  message: string;
}

/** Video file endings looked for inside folders; a file named explicitly is tried as video whatever its ending. */
const VIDEO_EXTENSIONS = new Set(['.mp4', '.mov', '.m4v', '.avi', '.mkv', '.webm', '.gif', '.mpg', '.mpeg', '.flv', '.wmv', '.ts', '.y4m']);

export function isVideoPath(path: string): boolean {
  return VIDEO_EXTENSIONS.has(extname(path).toLowerCase());
}

/**
 * Expands files and folders into the list of inputs to analyse: folders are walked recursively in sorted
 * order, keeping images and videos; paths that do not exist are reported, not thrown, so the rest still run.
 */
export async function expandInputs(paths: readonly string[]): Promise<{ files: InputFile[]; problems: InputProblem[] }> {
  const files: InputFile[] = [];
  const problems: InputProblem[] = [];
  for (const path of paths) {
    try {
      const info = await stat(path);
      if (info.isDirectory()) files.push(...(await walkFolder(path)));
      else files.push({ path, kind: isImagePath(path) ? 'image' : 'video' });
    } catch (error) {
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
      problems.push({ path, message: missing ? 'no such file or folder' : errorMessage(error) });
    }
  }
  return { files, problems };
}

async function walkFolder(folder: string): Promise<InputFile[]> {
  const entries = (await readdir(folder, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: InputFile[] = [];
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) files.push(...(await walkFolder(path)));
    else if (isImagePath(path)) files.push({ path, kind: 'image' });
    else if (isVideoPath(path)) files.push({ path, kind: 'video' });
  }
  return files;
}
