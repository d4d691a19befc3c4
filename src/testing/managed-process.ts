import { spawn, type ChildProcess } from 'node:child_process';
import { Socket } from 'node:net';
import { waitFor } from './wait-for.js';

/** Every helper process still running, killed when the test process exits however it exits. */
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export interface StartOptions {
  env?: NodeJS.ProcessEnv;
  /** The working folder; defaults to the test process's. */
  cwd?: string;
  /**
   * The process ends by itself once the test process has exited (Xvfb -terminate, whose last client is
   * the test process): it is neither killed at exit nor waited for, so the test process can exit first.
   * Defaults to false: the process is killed if still running when the test process exits.
   */
  endsAfterTestProcess?: boolean;
}

/**
 * A helper program a test starts (an X server, a sound server, a message bus), with its output kept for
 * the test to read, and a `stop` that returns only once the process is gone.
 */
export class ManagedProcess {
  private stdoutText = '';
  private stderrText = '';
  private exitStatus: string | undefined;
  private readonly exited: Promise<void>;

  private constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => (this.stdoutText += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (this.stderrText += chunk.toString('utf8')));
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitStatus = signal ?? `exit code ${code}`;
        running.delete(child);
        resolve();
      });
      child.once('error', (error) => {
        this.exitStatus = `could not start: ${error.message}`;
        running.delete(child);
        resolve();
      });
    });
  }

  static start(file: string, args: readonly string[], options: StartOptions = {}): ManagedProcess {
    const child = spawn(file, args, { env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], ...(options.cwd === undefined ? {} : { cwd: options.cwd }) });
    if (options.endsAfterTestProcess === true) {
      child.unref();
      for (const stream of [child.stdout, child.stderr]) if (stream instanceof Socket) stream.unref();
    } else {
      running.add(child);
    }
    return new ManagedProcess(file, child);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get stdout(): string {
    return this.stdoutText;
  }

  get stderr(): string {
    return this.stderrText;
  }

  get isRunning(): boolean {
    return this.exitStatus === undefined;
  }

  /** Waits until stdout matches `pattern`; fails early, with the process's last error line, if it exits first. */
  async waitForOutput(pattern: RegExp, what: string, timeoutMs = 5000): Promise<RegExpExecArray> {
    return waitFor(what, () => pattern.exec(this.stdoutText) ?? this.failIfExited(what), timeoutMs);
  }

  /** undefined while the process runs; throws, saying how it ended and its last error line, once it has exited. */
  failIfExited(what: string): undefined {
    if (this.exitStatus === undefined) return undefined;
    const lastError = this.stderrText.trim().split('\n').at(-1) ?? '';
    throw new Error(`${this.name} ended (${this.exitStatus}) before ${what}: ${lastError}`);
  }

  /** Asks the process to end, kills it if it has not within 3 s, and resolves once it is gone. */
  async stop(): Promise<void> {
    if (this.isRunning) this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 3000);
    await this.exited;
    clearTimeout(timer);
  }
}

/** Stops processes in reverse start order (clients before the servers they talk to). */
export async function stopAll(processes: readonly (ManagedProcess | undefined)[]): Promise<void> {
  for (const helper of [...processes].reverse()) await helper?.stop();
}
