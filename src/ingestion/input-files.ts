import { readdir, realpath, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { folderRoots, isWithinAny } from '../core/folder-roots.js';
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

export interface ExpandOptions {
  /**
   * Folders every input must really be in, links followed: a file or linked folder leading elsewhere is
   * skipped (never read) and reported. Without it, inputs may be anywhere the user can read.
   */
  readonly within?: readonly string[];
}

/** Video file endings looked for inside folders; a file named explicitly is tried as video whatever its ending. */
const VIDEO_EXTENSIONS = new Set(['.mp4', '.mov', '.m4v', '.avi', '.mkv', '.webm', '.gif', '.mpg', '.mpeg', '.flv', '.wmv', '.ts', '.y4m']);

export function isVideoPath(path: string): boolean {
  return VIDEO_EXTENSIONS.has(extname(path).toLowerCase());
}

function isMediaPath(path: string): boolean {
  return isImagePath(path) || isVideoPath(path);
}

/**
 * Expands files and folders into the list of inputs to analyse: folders are walked recursively in sorted
 * order, keeping images and videos; paths that do not exist are reported, not thrown, so the rest still run.
 */
export async function expandInputs(paths: readonly string[], options: ExpandOptions = {}): Promise<{ files: InputFile[]; problems: InputProblem[] }> {
  const walk = new FolderWalk(options.within === undefined ? undefined : await folderRoots(options.within));
  for (const path of paths) {
    try {
      if (!walk.allows(await realpath(path))) {
        walk.problems.push({ path, message: 'outside the folders this may read' });
        continue;
      }
      if ((await stat(path)).isDirectory()) await walk.folder(path);
      else walk.files.push({ path, kind: isImagePath(path) ? 'image' : 'video' });
    } catch (error) {
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
      walk.problems.push({ path, message: missing ? 'no such file or folder' : errorMessage(error) });
    }
  }
  return { files: walk.files, problems: walk.problems };
}

/**
 * A walk of folders in sorted order. Links are followed, each folder walked once (so a link back up ends
 * there rather than looping), and with `roots` only to where they really lead inside them.
 */
class FolderWalk {
  readonly files: InputFile[] = [];
  readonly problems: InputProblem[] = [];
  private readonly walked = new Set<string>();

  constructor(private readonly roots: readonly string[] | undefined) {}

  allows(realPath: string): boolean {
    return this.roots === undefined || isWithinAny(realPath, this.roots);
  }

  async folder(path: string): Promise<void> {
    const real = await realpath(path);
    if (this.walked.has(real)) return;
    this.walked.add(real);
    let entries;
    try {
      entries = (await readdir(path, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch (error) {
      // One folder this user may not read (a lost+found) costs its own files only, not the rest of the walk.
      this.problems.push({ path, message: `a folder that cannot be read (${(error as NodeJS.ErrnoException).code ?? errorMessage(error)})` });
      return;
    }
    for (const entry of entries) {
      const child = join(path, entry.name);
      if (entry.isSymbolicLink()) await this.link(child);
      else if (entry.isDirectory()) await this.folder(child);
      else if (entry.isFile()) this.file(child);
      else if (isMediaPath(child)) this.problems.push({ path: child, message: 'not a regular file (a pipe, a device or a socket): skipped' });
    }
  }

  /** Where a link really leads is checked before anything there is looked at. */
  private async link(path: string): Promise<void> {
    let real: string;
    try {
      real = await realpath(path);
    } catch {
      if (isMediaPath(path)) this.problems.push({ path, message: 'a link to nothing: skipped' });
      return;
    }
    if (!this.allows(real)) {
      this.problems.push({ path, message: 'a link leading outside the folders this may read: skipped' });
      return;
    }
    const target = await stat(real);
    if (target.isDirectory()) await this.folder(path);
    else if (target.isFile()) this.file(path);
    else if (isMediaPath(path)) this.problems.push({ path, message: 'a link to something that is not a regular file (a pipe, a device or a socket): skipped' });
  }

  private file(path: string): void {
    if (isImagePath(path)) this.files.push({ path, kind: 'image' });
    else if (isVideoPath(path)) this.files.push({ path, kind: 'video' });
  }
}
