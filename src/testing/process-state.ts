import { readFileSync } from 'node:fs';

/**
 * Whether a process is still running: it exists and is not a zombie. A killed process whose parent has
 * not reaped it yet still answers `kill(pid, 0)`, so Linux's /proc state is read instead.
 */
export function isProcessRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (command) S ...": the state letter follows the command's closing parenthesis
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}
