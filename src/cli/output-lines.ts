import { once } from 'node:events';

const readerGoing = new AbortController();
let stopsItself = false;
/** Why writing the output failed, when it was no reader going away (a full disk): the command then fails. */
let writeFailed: string | undefined;

/**
 * Called by a command that stops its own work when stdout's reader goes away (`| head -1`): the signal is
 * aborted then, instead of the process exiting at once, which would cut threads off in the middle of a model.
 */
export function stopWhenReaderGoes(): AbortSignal {
  stopsItself = true;
  return readerGoing.signal;
}

/**
 * Stdout's reader has gone, or writing to it failed (`failure`, told on stderr): exit, quietly with 0 for a reader
 * gone as Unix tools do, or tell the command that stops itself.
 */
export function readerGone(failure?: string): void {
  if (failure !== undefined && writeFailed === undefined) {
    writeFailed = failure;
    process.stderr.write(`handflow: cannot write the output: ${failure}\n`);
  }
  if (!stopsItself) process.exit(writeFailed === undefined ? 0 : 1);
  readerGoing.abort();
}

/** The exit code a command's `code` becomes: 1 when its output could not be written. */
export function exitCodeAfterOutput(code: number): number {
  return writeFailed === undefined ? code : Math.max(code, 1);
}

/** Writes one line to stdout, waiting when the pipe is full so a slow reader does not grow memory; nothing once the reader has gone. */
export async function writeLine(line: string): Promise<void> {
  if (readerGoing.signal.aborted) return;
  if (!process.stdout.write(`${line}\n`)) await Promise.race([once(process.stdout, 'drain'), once(readerGoing.signal, 'abort')]);
}

/** Progress on stderr: a rewritten status line on a terminal; only lasting messages otherwise (logs, pipes). */
export class Progress {
  private readonly interactive = Boolean(process.stderr.isTTY);

  update(message: string): void {
    if (this.interactive) process.stderr.write(`\r\x1b[K${message}`);
  }

  /** A message that must stay visible (an error), on a line of its own. */
  report(message: string): void {
    process.stderr.write(this.interactive ? `\r\x1b[K${message}\n` : `${message}\n`);
  }

  done(): void {
    if (this.interactive) process.stderr.write('\r\x1b[K');
  }

  /** A line of the command's output, on stdout, clear of the status line. */
  output(line: string): Promise<void> {
    this.done();
    return writeLine(line);
  }
}
