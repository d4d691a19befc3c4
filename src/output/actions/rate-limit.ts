/**
 * At most one action per `minIntervalMs`, on the frames' own clock (video time for a file, so a file gives the
 * same actions however fast it is processed). Time going back means a new stream, which starts afresh.
 */
export class RateLimit {
  private lastMs: number | undefined;

  constructor(private readonly minIntervalMs: number) {}

  /** True when an action may happen at `timestampMs`, which then counts as the last one. */
  take(timestampMs: number): boolean {
    const last = this.lastMs;
    if (last !== undefined && timestampMs >= last && timestampMs - last < this.minIntervalMs) return false;
    this.lastMs = timestampMs;
    return true;
  }
}
