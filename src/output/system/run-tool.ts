import { runCommand } from './run-command.js';
import { HandflowError } from '../../core/errors.js';

export interface ToolOptions {
  /** What to install when the tool is missing, e.g. 'install pulseaudio-utils'. */
  installHint: string;
  /** The tool's environment (where the sound server, display or session bus is). Defaults to this process's. */
  env?: NodeJS.ProcessEnv | undefined;
  /** Defaults to 5000 ms: these tools answer at once unless their server hangs. */
  timeoutMs?: number;
  /**
   * Turns the tool's error line into a more precise error (e.g. "no sound server") where it recognises
   * it; otherwise the failure is reported as TOOL_FAILED with that line.
   */
  explainFailure?: (errorLine: string) => HandflowError | undefined;
}

const DEFAULT_TOOL_TIMEOUT_MS = 5000;

/** Runs a platform tool (pactl, notify-send, ...) and returns its stdout; any failure is a one-line HandflowError. */
export async function runTool(argv: readonly [string, ...string[]], options: ToolOptions): Promise<string> {
  const tool = argv[0];
  const timeoutMs = options.timeoutMs ?? DEFAULT_TOOL_TIMEOUT_MS;
  const result = await runCommand({ kind: 'argv', argv }, { env: options.env, timeoutMs }).catch((error: unknown) => {
    if (error instanceof HandflowError && error.code === 'TOOL_NOT_FOUND') {
      throw new HandflowError('TOOL_NOT_FOUND', `${tool} is not installed: ${options.installHint}`, { cause: error });
    }
    throw error;
  });
  if (result.timedOut) {
    throw new HandflowError('TIMEOUT', `${tool} did not answer within ${timeoutMs} ms`);
  }
  if (result.exitCode !== 0) {
    const line = lastLine(result.stderr) ?? lastLine(result.stdout) ?? `exit code ${result.exitCode ?? result.signal}`;
    throw options.explainFailure?.(line) ?? new HandflowError('TOOL_FAILED', `${tool} failed: ${line}`);
  }
  return result.stdout;
}

/** The last non-blank line: where these tools put their summary of what went wrong. */
function lastLine(text: string): string | undefined {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .at(-1);
}
