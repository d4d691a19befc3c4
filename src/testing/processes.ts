import { readdirSync, readFileSync } from 'node:fs';

/** Whether /proc can be read to look for leaked processes (Linux). */
export const hasProc = process.platform === 'linux';

/** Process ids whose command line mentions `marker` (Linux /proc). */
export function processesMentioning(marker: string): number[] {
  return processes().filter((entry) => entry.cmdline.includes(marker)).map((entry) => entry.pid);
}

/** The ffmpeg processes `parent` (by default this process) started and that still run (Linux /proc). */
export function ffmpegChildren(parent: number = process.pid): number[] {
  return processes()
    .filter((entry) => entry.parent === parent && /ffmpeg/.test(entry.cmdline.split('\0')[0] ?? ''))
    .map((entry) => entry.pid);
}

/** The processes `parent` started that still run, whatever they are (Linux /proc). */
export function childrenOf(parent: number): number[] {
  return processes().filter((entry) => entry.parent === parent).map((entry) => entry.pid);
}

function processes(): { pid: number; parent: number; cmdline: string }[] {
  const found: { pid: number; parent: number; cmdline: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      // The parent id is the 4th field of stat, after the command name in parentheses.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      found.push({ pid: Number(entry), parent, cmdline });
    } catch {
      // exited meanwhile
    }
  }
  return found;
}
