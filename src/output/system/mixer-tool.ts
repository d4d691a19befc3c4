import { runTool } from './run-tool.js';
import { HandflowError } from '../../core/errors.js';
import { checkedPercent, type VolumeControl } from './volume-control.js';

/** How one command-line mixer (pactl, amixer) reads and sets the volume: its arguments and its output. */
export interface MixerTool {
  program: string;
  /** The package that brings the program (Debian's name, which most distributions share). */
  packageName: string;
  /** Arguments that succeed only when the mixer reaches a sound output: used to choose a mixer. */
  probeArgs: readonly string[];
  getVolumeArgs: readonly string[];
  setVolumeArgs(percent: number): readonly string[];
  getMutedArgs: readonly string[];
  setMutedArgs(muted: boolean): readonly string[];
  /** The volume in percent, 0 to 100, or undefined when the output is not understood. */
  parseVolume(output: string): number | undefined;
  parseMuted(output: string): boolean | undefined;
  /** Recognises the program's "cannot reach the sound server" errors. */
  explainFailure(errorLine: string): HandflowError | undefined;
}

/** A VolumeControl that runs a command-line mixer for every call. */
export class MixerToolVolume implements VolumeControl {
  constructor(
    private readonly tool: MixerTool,
    private readonly env?: NodeJS.ProcessEnv,
  ) {}

  async getVolume(): Promise<number> {
    return this.read(this.tool.getVolumeArgs, (output) => this.tool.parseVolume(output));
  }

  async setVolume(percent: number): Promise<void> {
    await this.run(this.tool.setVolumeArgs(checkedPercent(percent)));
  }

  async isMuted(): Promise<boolean> {
    return this.read(this.tool.getMutedArgs, (output) => this.tool.parseMuted(output));
  }

  async setMuted(muted: boolean): Promise<void> {
    await this.run(this.tool.setMutedArgs(muted));
  }

  /** Resolves when the mixer reaches a sound output; rejects with the reason otherwise. */
  async probe(): Promise<void> {
    await this.run(this.tool.probeArgs);
  }

  private async read<T>(args: readonly string[], parse: (output: string) => T | undefined): Promise<T> {
    const output = await this.run(args);
    const value = parse(output);
    if (value === undefined) {
      const shown = output.trim().split('\n')[0] ?? '';
      throw new HandflowError(
        'TOOL_FAILED',
        `${this.tool.program} ${args.join(' ')} printed something handflow does not understand: "${shown}"`,
      );
    }
    return value;
  }

  private run(args: readonly string[]): Promise<string> {
    return runTool([this.tool.program, ...args], {
      installHint: `install ${this.tool.packageName}`,
      env: this.env,
      explainFailure: (line) => this.tool.explainFailure(line),
    });
  }
}
