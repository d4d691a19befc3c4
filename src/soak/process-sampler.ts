import { readdirSync, readFileSync } from 'node:fs';

import { childrenOf } from '../testing/processes.js';

/** What a process holds at one moment (Linux /proc). */
export interface ProcessSample {
  readonly atMs: number;
  /** Resident memory, MiB. */
  readonly rssMiB: number;
  readonly openFds: number;
  /** Processes it started that still run (ffmpeg decoders and probes). */
  readonly children: number;
}

/** Reads a process's resident memory, open file descriptors and child processes from /proc. */
export function sampleProcess(pid: number): ProcessSample {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKiB = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? Number.NaN);
  return {
    atMs: performance.now(),
    rssMiB: rssKiB / 1024,
    openFds: readdirSync(`/proc/${pid}/fd`).length,
    children: childrenOf(pid).length,
  };
}
