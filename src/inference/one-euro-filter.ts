/**
 * The One Euro filter (Casiez, Roussel and Vogel, CHI 2012): a low-pass filter whose cutoff rises with speed,
 * so a still hand is steady and a moving one does not lag. Time is given with each value, never read from a
 * clock, so results do not depend on how fast the machine is.
 */
export interface OneEuroParameters {
  /** Cutoff frequency in Hz when still: lower is steadier. */
  minCutoff: number;
  /** How fast the cutoff rises with speed (per unit of scaled speed): higher lags less. */
  beta: number;
  /** Cutoff frequency in Hz for the speed estimate itself. */
  derivativeCutoff: number;
}

export class OneEuroFilter {
  private lastTimestampMs: number | undefined;
  private lastRaw = 0;
  private smoothed = 0;
  private smoothedSpeed = 0;

  constructor(private readonly parameters: OneEuroParameters) {}

  /**
   * The filtered value at `timestampMs`. `speedScale` multiplies the speed before it moves the cutoff: pass
   * 1 / object size to make `beta` independent of how large the object appears. A timestamp that does not
   * increase restarts the filter at `value`.
   */
  apply(value: number, timestampMs: number, speedScale = 1): number {
    if (this.lastTimestampMs === undefined || timestampMs <= this.lastTimestampMs) {
      this.lastTimestampMs = timestampMs;
      this.lastRaw = this.smoothed = value;
      this.smoothedSpeed = 0;
      return value;
    }
    const elapsedSeconds = (timestampMs - this.lastTimestampMs) / 1000;
    const speed = ((value - this.lastRaw) * speedScale) / elapsedSeconds;
    this.smoothedSpeed += smoothingFactor(this.parameters.derivativeCutoff, elapsedSeconds) * (speed - this.smoothedSpeed);
    const cutoff = this.parameters.minCutoff + this.parameters.beta * Math.abs(this.smoothedSpeed);
    this.smoothed += smoothingFactor(cutoff, elapsedSeconds) * (value - this.smoothed);
    this.lastRaw = value;
    this.lastTimestampMs = timestampMs;
    return this.smoothed;
  }
}

/** The exponential smoothing factor of a first-order low-pass filter at `cutoffHz` for a step of `seconds`. */
export function smoothingFactor(cutoffHz: number, seconds: number): number {
  const timeConstant = 1 / (2 * Math.PI * cutoffHz);
  return 1 / (1 + timeConstant / seconds);
}
