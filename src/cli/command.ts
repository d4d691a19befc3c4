/** A subcommand of the CLI: its one-line summary, its help text, and what it does with its arguments. */
export interface Command {
  readonly summary: string;
  readonly usage: string;
  /** Returns the process exit code. */
  run(args: string[]): Promise<number>;
}
