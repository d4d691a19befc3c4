import { writeFailure } from '../core/cannot-write.js';
import { HandflowError } from '../core/errors.js';
import type { Command } from './command.js';
import { analyzeCommand } from './commands/analyze.js';
import { benchCommand } from './commands/bench.js';
import { doctorCommand } from './commands/doctor.js';
import { gesturesCommand } from './commands/gestures.js';
import { modelsCommand } from './commands/models.js';
import { projectsCommand } from './commands/projects.js';
import { runCommand } from './commands/run.js';
import { serveCommand } from './commands/serve.js';
import { workerCommand } from './commands/worker.js';
import { exitCodeAfterOutput, readerGone } from './output-lines.js';
import { UsageError } from './usage-error.js';


const COMMANDS: Record<string, Command> = {
  analyze: analyzeCommand,
  bench: benchCommand,
  doctor: doctorCommand,
  gestures: gesturesCommand,
  models: modelsCommand,
  projects: projectsCommand,
  run: runCommand,
  serve: serveCommand,
  worker: workerCommand,
};

function helpText(): string {
  const lines = Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(10)} ${command.summary}`);
  return ['Usage: handflow <command> [options]', '', 'Commands:', ...lines, '', 'Run "handflow <command> --help" for a command\'s options.'].join('\n');
}

/**
 * A reader that stopped reading (`handflow analyze --json | head`, EPIPE) or a terminal that hung up (EIO): nothing
 * is wrong, there is just no one left to tell.
 */
function isLostReader(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'EPIPE' || code === 'EIO';
}

/** Runs the CLI and returns the process exit code; errors become one-line messages, never stack traces. */
export async function main(argv: string[]): Promise<number> {
  // Writes after the reader has gone fail later, as 'error' events: stop quietly then, as Unix tools do. Any other
  // failure (a full disk) stops the command too, saying why.
  process.stdout.on('error', (error) => readerGone(isLostReader(error) ? undefined : writeFailure(error)));
  // Nowhere is left to report a failing stderr on: it must not end a command that is letting go of what it holds.
  process.stderr.on('error', () => undefined);
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(helpText());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`handflow: unknown command "${name}"\n\n${helpText()}`);
    return 2;
  }
  if (args.includes('--help') || args.includes('-h')) {
    console.log(command.usage);
    return 0;
  }
  try {
    return exitCodeAfterOutput(await command.run(args));
  } catch (error) {
    if (isLostReader(error)) return exitCodeAfterOutput(0);
    if (error instanceof UsageError) {
      console.error(`handflow ${name}: ${error.message}\n\n${command.usage}`);
      return 2;
    }
    if (error instanceof HandflowError) {
      console.error(`handflow ${name}: ${error.message}`);
      return 1;
    }
    console.error(`handflow ${name}: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 1;
  }
}
