import { readFileSync } from 'node:fs';

/**
 * Whether a process is still running: it exists and is neither a zombie nor dead ('Z', 'X'). A killed
 * process whose parent has not reaped it yet still answers `kill(pid, 0)`, so Linux's /proc state is read instead.
 */
export function isProcessRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (command) S ...": the state letter follows the command's closing parenthesis
    const state = stat.charAt(stat.lastIndexOf(')') + 2);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}
