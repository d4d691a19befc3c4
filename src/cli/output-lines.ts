import { once } from 'node:events';

/** Writes one line to stdout, waiting when the pipe is full so a slow reader does not grow memory. */
export async function writeLine(line: string): Promise<void> {
  if (!process.stdout.write(`${line}\n`)) await once(process.stdout, 'drain');
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
}
