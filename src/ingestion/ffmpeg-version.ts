/** An ffmpeg build, as `ffmpeg -version` describes it. */
export interface FfmpegVersion {
  /** The version as ffmpeg prints it: a release (`5.1.9-0+deb12u1`) or a git snapshot (`N-47683-g0e8eb07980-static`). */
  readonly name: string;
  /** The libavformat version (major, minor, micro): it orders releases and snapshots alike. */
  readonly libavformat?: readonly [number, number, number];
  /** The last year of its copyright line: roughly when it was built. */
  readonly year?: number;
}

/** Reads the output of `ffmpeg -version`; fields it does not find are left out. */
export function parseFfmpegVersion(output: string): FfmpegVersion {
  const name = /ffmpeg version (\S+)/.exec(output)?.[1] ?? 'unknown version';
  const lib = /^libavformat\s+(\d+)\.\s*(\d+)\.\s*(\d+)/m.exec(output);
  const year = /Copyright \(c\) \d{4}-(\d{4})/.exec(output)?.[1];
  return {
    name,
    ...(lib === null ? {} : { libavformat: [Number(lib[1]), Number(lib[2]), Number(lib[3])] as const }),
    ...(year === undefined ? {} : { year: Number(year) }),
  };
}

/**
 * Positive when `a` is newer than `b`, negative when older, 0 when they are the same or cannot be told apart:
 * by libavformat when both report it, else by copyright year. Version names cannot be compared (a snapshot's
 * `N-47683` says nothing about the release it follows).
 */
export function compareFfmpegVersions(a: FfmpegVersion, b: FfmpegVersion): number {
  if (a.libavformat !== undefined && b.libavformat !== undefined) {
    const differs = a.libavformat.findIndex((part, i) => part !== b.libavformat![i]);
    return differs < 0 ? 0 : a.libavformat[differs]! - b.libavformat[differs]!;
  }
  if (a.year !== undefined && b.year !== undefined) return a.year - b.year;
  return 0;
}

/** How messages name a build: `5.1.9-0+deb12u1 (libavformat 59.27.100, 2026)`. */
export function describeFfmpegVersion(version: FfmpegVersion): string {
  const details = [
    ...(version.libavformat === undefined ? [] : [`libavformat ${version.libavformat.join('.')}`]),
    ...(version.year === undefined ? [] : [String(version.year)]),
  ];
  return details.length === 0 ? version.name : `${version.name} (${details.join(', ')})`;
}
