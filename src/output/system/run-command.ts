import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { BoundedOutput } from './bounded-output.js';
import { nonNegativeInteger, positiveNumber } from './option-checks.js';
import { HandflowError } from '../../core/errors.js';

/**
 * A command to run. `argv` runs the program directly with these arguments, so nothing in them is
 * interpreted by a shell (the default, and the safe choice for text that comes from events); `shell`
 * hands a script to the system shell and has to be chosen explicitly.
 */
export type CommandLine = { kind: 'argv'; argv: readonly [string, ...string[]] } | { kind: 'shell'; script: string };

export interface CommandOptions {
  /** Stop the command (and on Linux and macOS everything it started) after this long. Defaults to 10000 ms. */
  timeoutMs?: number;
  /** Keep at most this many bytes of stdout and of stderr each; the rest is read and dropped. Defaults to 65536. */
  maxOutputBytes?: number;
  /** The command's environment. Defaults to this process's. */
  env?: NodeJS.ProcessEnv;
  /** The command's working directory. Defaults to this process's. */
  cwd?: string;
  /**
   * Stops the command as a timeout would (its process group too) when it aborts, and rejects with its reason once
   * the command has ended; with one already aborted nothing is started.
   */
  signal?: AbortSignal;
}

export interface CommandResult {
  /** The exit code, or null when a signal ended the command. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** True when the command was stopped because it ran past `timeoutMs`. */
  timedOut: boolean;
  stdout: string;
  stderr: string;
  /** True when stdout or stderr was longer than `maxOutputBytes` and was cut. */
  outputTruncated: boolean;
}

/** Runs commands; the dry-run stand-in implements the same. */
export interface CommandRunner {
  run(command: CommandLine, options?: CommandOptions): Promise<CommandResult>;
}

export const processCommandRunner: CommandRunner = { run: runCommand };

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_OUTPUT_BYTES = 64 * 1024;

/** The program a command line starts, for messages. */
function commandName(command: CommandLine): string {
  return command.kind === 'argv' ? command.argv[0] : 'sh';
}

/**
 * Runs a command to its end and reports how it ended. Only a command that cannot start at all rejects
 * (TOOL_NOT_FOUND when the program is not installed), or one stopped by `signal`; a non-zero exit or a timeout
 * is in the result.
 */
export async function runCommand(command: CommandLine, options: CommandOptions = {}): Promise<CommandResult> {
  const timeoutMs = positiveNumber(options.timeoutMs ?? DEFAULT_TIMEOUT_MS, 'timeoutMs');
  const maxOutputBytes = nonNegativeInteger(options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES, 'maxOutputBytes');
  const [file, args] = command.kind === 'argv' ? [command.argv[0], command.argv.slice(1)] : [command.script, []];
  options.signal?.throwIfAborted();
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      shell: command.kind === 'shell',
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so a timeout also stops what a script started (see stopCommand).
      detached: process.platform !== 'win32',
      windowsHide: true,
    });
    const stdout = new BoundedOutput(maxOutputBytes);
    const stderr = new BoundedOutput(maxOutputBytes);
    child.stdout.on('data', (chunk: Buffer) => stdout.add(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.add(chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      stopCommand(child);
    }, timeoutMs);
    const stopOnAbort = (): void => stopCommand(child);
    options.signal?.addEventListener('abort', stopOnAbort, { once: true });
    const settled = (): void => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', stopOnAbort);
    };
    child.once('error', (error: NodeJS.ErrnoException) => {
      settled();
      reject(startFailure(commandName(command), options.cwd, error));
    });
    child.once('close', (exitCode, signal) => {
      settled();
      if (options.signal?.aborted) {
        reject(options.signal.reason);
        return;
      }
      resolve({
        exitCode,
        signal,
        timedOut,
        stdout: stdout.text(),
        stderr: stderr.text(),
        outputTruncated: stdout.truncated || stderr.truncated,
      });
    });
  });
}

/** Kills the command's whole process group where there is one, else the command alone. */
function stopCommand(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    if (process.platform === 'win32') child.kill('SIGKILL');
    else process.kill(-child.pid, 'SIGKILL');
  } catch {
    // Already gone: the 'close' event reports how it ended.
  }
}

function startFailure(program: string, cwd: string | undefined, error: NodeJS.ErrnoException): HandflowError {
  if (error.code === 'ENOENT' && cwd !== undefined && !existsSync(cwd)) {
    return new HandflowError('INVALID_OPTION', `working directory ${cwd} does not exist`, { cause: error });
  }
  if (error.code === 'ENOENT') {
    return new HandflowError('TOOL_NOT_FOUND', `${program} not found: install it or put it on PATH`, { cause: error });
  }
  return new HandflowError('TOOL_FAILED', `${program} could not start: ${error.message}`, { cause: error });
}
