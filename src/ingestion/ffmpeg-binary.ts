import { spawnSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';

import { HandflowError } from '../core/errors.js';
import { compareFfmpegVersions, parseFfmpegVersion, type FfmpegVersion } from './ffmpeg-version.js';

const EXECUTABLE = process.platform === 'win32' ? 'ffmpeg.exe' : 'ffmpeg';

const INSTALL_HINT =
  'handflow needs ffmpeg to read videos and GIFs. Install it with your package manager ' +
  '(e.g. "apt install ffmpeg", "brew install ffmpeg", "winget install ffmpeg") so that "ffmpeg" is on your PATH, ' +
  'or reinstall handflow\'s dependencies ("npm install") so that the bundled @ffmpeg-installer/ffmpeg binary for ' +
  `this platform (${process.platform}-${process.arch}) is present.`;

/** The ffmpeg handflow runs. */
export interface FfmpegBinary {
  readonly path: string;
  readonly version: FfmpegVersion;
  /** True for the binary bundled by `@ffmpeg-installer/ffmpeg` (a 2018 build), false for one on PATH. */
  readonly bundled: boolean;
}

let cached: FfmpegBinary | undefined;

/**
 * The ffmpeg executable to run: the system `ffmpeg` on PATH unless the one bundled by `@ffmpeg-installer/ffmpeg`
 * is newer. Resolved once per process (the first call may take some tens of milliseconds, since each candidate
 * is checked by running `ffmpeg -version`), then cached.
 *
 * @throws HandflowError FFMPEG_NOT_FOUND, saying how to install ffmpeg.
 */
export function resolveFfmpeg(): FfmpegBinary {
  cached ??= findFfmpeg(process.env['PATH'], bundledFfmpegPath());
  return cached;
}

/** Takes `binary` as this thread's ffmpeg: one another thread of the process resolved, sparing the search. */
export function adoptFfmpeg(binary: FfmpegBinary): void {
  cached ??= binary;
}

/** The path of {@link resolveFfmpeg}'s binary. @throws HandflowError FFMPEG_NOT_FOUND */
export function resolveFfmpegPath(): string {
  return resolveFfmpeg().path;
}

/**
 * The uncached search behind {@link resolveFfmpeg}: the first `ffmpeg` in `searchPath` (a PATH-style list)
 * that runs, unless `bundledPath` runs and is newer (or nothing on the PATH runs). A broken system ffmpeg (one
 * that fails `ffmpeg -version`) is skipped.
 *
 * @throws HandflowError FFMPEG_NOT_FOUND when no candidate runs.
 */
export function findFfmpeg(searchPath: string | undefined, bundledPath: string | undefined): FfmpegBinary {
  const tried: string[] = [];
  let system: FfmpegBinary | undefined;
  for (const dir of (searchPath ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, EXECUTABLE);
    if (!isExecutableFile(candidate)) continue;
    tried.push(candidate);
    const version = versionOf(candidate);
    if (version !== undefined) {
      system = { path: candidate, version, bundled: false };
      break;
    }
  }
  if (bundledPath !== undefined && isExecutableFile(bundledPath)) {
    const version = versionOf(bundledPath);
    if (version !== undefined && (system === undefined || compareFfmpegVersions(version, system.version) > 0)) {
      return { path: bundledPath, version, bundled: true };
    }
  }
  if (system !== undefined) return system;
  if (bundledPath !== undefined) tried.push(bundledPath);
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

/** The build `path` reports with `ffmpeg -version`, or undefined when it does not run as an ffmpeg. */
function versionOf(path: string): FfmpegVersion | undefined {
  const result = spawnSync(path, ['-hide_banner', '-version'], {
    stdio: ['ignore', 'pipe', 'ignore'],
    timeout: 15_000,
    windowsHide: true,
  });
  const output = result.stdout?.toString('latin1') ?? '';
  return result.status === 0 && /ffmpeg version/i.test(output) ? parseFfmpegVersion(output) : undefined;
}
