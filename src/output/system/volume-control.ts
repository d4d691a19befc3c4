import { HandflowError } from '../../core/errors.js';

/** The system's output volume: the default sound output, as the desktop's volume slider shows it. */
export interface VolumeControl {
  /** The volume in percent, 0 to 100 (a level boosted above 100% reads as 100). */
  getVolume(): Promise<number>;
  /** Sets the volume; `percent` from 0 to 100, rounded to a whole percent. Does not change mute. */
  setVolume(percent: number): Promise<void>;
  isMuted(): Promise<boolean>;
  setMuted(muted: boolean): Promise<void>;
}

/** `percent` rounded to a whole number, or INVALID_OPTION when it is not between 0 and 100. */
export function checkedPercent(percent: number): number {
  if (!Number.isFinite(percent) || percent < 0 || percent > 100) {
    throw new HandflowError('INVALID_OPTION', `volume must be between 0 and 100 percent, got ${percent}`);
  }
  return Math.round(percent);
}

/** The mean of channel levels read from a mixer tool, capped at 100; undefined when there were none. */
export function meanPercent(levels: readonly number[]): number | undefined {
  if (levels.length === 0) return undefined;
  const mean = levels.reduce((sum, level) => sum + level, 0) / levels.length;
  return Math.min(100, Math.round(mean));
}
