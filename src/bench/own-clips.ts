import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';

import type { Clip } from './footage.js';

const VIDEO = /\.(mp4|mkv|webm|mov|avi|gif)$/i;

/** The user's own recordings (files, or the videos in folders), taken as footage with no control gesture. */
export function ownClips(paths: readonly string[]): Clip[] {
  return paths.flatMap((path) => {
    const files = statSync(path).isDirectory() ? readdirSync(path).filter((name) => VIDEO.test(name)).sort().map((name) => join(path, name)) : [path];
    return files.map((file) => ({ path: file, name: basename(file), deliberate: [] }));
  });
}
