import { errorMessage, HandflowError } from '../../core/errors.js';
import { findExecutable } from '../../core/find-executable.js';
import { amixerMixer } from './amixer-mixer.js';
import { createLoudnessVolume } from './loudness-volume.js';
import { MixerToolVolume, type MixerTool } from './mixer-tool.js';
import { pactlMixer } from './pactl-mixer.js';
import type { VolumeControl } from './volume-control.js';

export interface VolumeControlOptions {
  /** Linux only: which mixers to try, in order. Defaults to pactl, then amixer. */
  linuxMixers?: readonly ('pactl' | 'amixer')[];
  /** Linux only: the environment the mixer runs in (PULSE_SERVER, PATH). Defaults to this process's. */
  env?: NodeJS.ProcessEnv;
}

const LINUX_MIXERS: Record<'pactl' | 'amixer', MixerTool> = { pactl: pactlMixer, amixer: amixerMixer };

/**
 * The volume control for this system, checked to work: on Linux the first mixer that is installed and
 * reaches a sound output; on macOS and Windows loudness. Throws a one-line HandflowError saying what to
 * install or start when there is none, so a misconfigured machine fails at start, not at the first gesture.
 */
export async function createVolumeControl(options: VolumeControlOptions = {}): Promise<VolumeControl> {
  switch (process.platform) {
    case 'linux':
      return firstWorkingMixer(
        (options.linuxMixers ?? ['pactl', 'amixer']).map((name) => LINUX_MIXERS[name]),
        options.env,
      );
    case 'darwin':
    case 'win32':
      return createLoudnessVolume();
    default:
      throw new HandflowError(
        'UNSUPPORTED_PLATFORM',
        `volume control is not available on ${process.platform}: only Linux, macOS and Windows`,
      );
  }
}

async function firstWorkingMixer(
  tools: readonly MixerTool[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<VolumeControl> {
  const installed = tools.filter((tool) => findExecutable(tool.program, env) !== undefined);
  if (installed.length === 0) {
    const hints = tools.map((tool) => `${tool.packageName} (${tool.program})`).join(' or ');
    throw new HandflowError('TOOL_NOT_FOUND', `no volume tool found: install ${hints}`);
  }
  const failures: unknown[] = [];
  for (const tool of installed) {
    const volume = new MixerToolVolume(tool, env);
    try {
      await volume.probe();
      return volume;
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length === 1) throw failures[0];
  throw new HandflowError(
    'SERVICE_UNAVAILABLE',
    `no mixer reached a sound output: ${failures.map(errorMessage).join('; ')}`,
  );
}
