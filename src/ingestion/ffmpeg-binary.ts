import { spawnSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';

import { HandflowError } from '../core/errors.js';

const EXECUTABLE = process.platform === 'win32' ? 'ffmpeg.exe' : 'ffmpeg';

const INSTALL_HINT =
  'handflow needs ffmpeg to read videos and GIFs. Install it with your package manager ' +
  '(e.g. "apt install ffmpeg", "brew install ffmpeg", "winget install ffmpeg") so that "ffmpeg" is on your PATH, ' +
  'or reinstall handflow\'s dependencies ("npm install") so that the bundled @ffmpeg-installer/ffmpeg binary for ' +
  `this platform (${process.platform}-${process.arch}) is present.`;

let cached: string | undefined;

/**
 * The ffmpeg executable to run: the system `ffmpeg` on PATH if it runs, else the one bundled by
 * `@ffmpeg-installer/ffmpeg`. Resolved once per process (the first call may take some tens of milliseconds,
 * since each candidate is checked by running `ffmpeg -version`), then cached.
 *
 * @throws HandflowError FFMPEG_NOT_FOUND, saying how to install ffmpeg.
 */
export function resolveFfmpegPath(): string {
  cached ??= findFfmpeg(process.env['PATH'], bundledFfmpegPath());
  return cached;
}

/**
 * The uncached search behind {@link resolveFfmpegPath}: the first `ffmpeg` in `searchPath` (a PATH-style list)
 * that runs, else `bundledPath` if it runs. A broken system ffmpeg (one that fails `ffmpeg -version`) is skipped.
 *
 * @throws HandflowError FFMPEG_NOT_FOUND when no candidate runs.
 */
export function findFfmpeg(searchPath: string | undefined, bundledPath: string | undefined): string {
  const tried: string[] = [];
  for (const dir of (searchPath ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, EXECUTABLE);
    if (!isExecutableFile(candidate)) continue;
    tried.push(candidate);
    if (runs(candidate)) return candidate;
  }
  if (bundledPath !== undefined) {
    tried.push(bundledPath);
    if (isExecutableFile(bundledPath) && runs(bundledPath)) return bundledPath;
  }
  const triedText = tried.length > 0 ? ` (tried, but could not run: ${tried.join(', ')})` : '';
  throw new HandflowError('FFMPEG_NOT_FOUND', `ffmpeg was not found${triedText}. ${INSTALL_HINT}`);
}

/** The binary path from `@ffmpeg-installer/ffmpeg`, or undefined when the package or its platform binary is missing. */
function bundledFfmpegPath(): string | undefined {
  try {
    // Loaded lazily: the package throws at load time on platforms it has no binary for.
    const installer = createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg') as { path?: unknown };
    return typeof installer.path === 'string' ? installer.path : undefined;
  } catch {
    return undefined;
  }
}

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function runs(path: string): boolean {
  const result = spawnSync(path, ['-hide_banner', '-version'], {
    stdio: ['ignore', 'pipe', 'ignore'],
    timeout: 15_000,
    windowsHide: true,
  });
  return result.status === 0 && /ffmpeg version/i.test(result.stdout?.toString('latin1') ?? '');
}
