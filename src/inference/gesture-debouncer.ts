/** When a gesture counts as started and when as ended. */
export interface DebounceOptions {
  /** Frames in a row a gesture must be seen before it is reported. */
  minHoldFrames: number;
  /** Milliseconds (frame time) a gesture must be seen before it is reported. */
  minHoldMs: number;
  /** Confidence a gesture needs to start. */
  startConfidence: number;
  /** Confidence below which a reported gesture no longer counts as seen (lower than `startConfidence`). */
  holdConfidence: number;
  /** Frames in a row without the gesture before it is reported ended. */
  releaseFrames: number;
}

export type DebounceTransition =
  | { kind: 'started'; key: string; timestampMs: number }
  | { kind: 'ended'; key: string; timestampMs: number; heldMs: number };

interface Candidate {
  key: string;
  sinceMs: number;
  frames: number;
}

/**
 * Turns a per-frame gesture (any string key; `undefined` for none) into started/ended transitions: a gesture
 * starts once seen `minHoldFrames` frames and `minHoldMs` in a row at `startConfidence`, and ends only after
 * `releaseFrames` frames without it (or under `holdConfidence`), so a flicker neither starts nor ends one.
 */
export class GestureDebouncer {
  private active: { key: string; sinceMs: number; misses: number } | undefined;
  private candidate: Candidate | undefined;

  constructor(private readonly options: DebounceOptions) {}

  /** The gesture currently reported, if any. */
  get current(): string | undefined {
    return this.active?.key;
  }

  update(key: string | undefined, confidence: number, timestampMs: number): DebounceTransition[] {
    const transitions: DebounceTransition[] = [];
    const { active } = this;
    if (active !== undefined) {
      if (key === active.key && confidence >= this.options.holdConfidence) {
        active.misses = 0;
        return transitions;
      }
      if (++active.misses >= this.options.releaseFrames) {
        transitions.push({ kind: 'ended', key: active.key, timestampMs, heldMs: timestampMs - active.sinceMs });
        this.active = undefined;
      }
    }
    this.candidate = this.follow(key, confidence, timestampMs);
    const { candidate } = this;
    if (
      this.active === undefined &&
      candidate !== undefined &&
      candidate.frames >= this.options.minHoldFrames &&
      timestampMs - candidate.sinceMs >= this.options.minHoldMs
    ) {
      this.active = { key: candidate.key, sinceMs: candidate.sinceMs, misses: 0 };
      this.candidate = undefined;
      transitions.push({ kind: 'started', key: candidate.key, timestampMs });
    }
    return transitions;
  }

  /** Ends whatever is reported (at the end of a stream); returns the transition if there was one. */
  flush(timestampMs: number): DebounceTransition[] {
    const { active } = this;
    this.active = this.candidate = undefined;
    return active === undefined ? [] : [{ kind: 'ended', key: active.key, timestampMs, heldMs: timestampMs - active.sinceMs }];
  }

  private follow(key: string | undefined, confidence: number, timestampMs: number): Candidate | undefined {
    if (key === undefined || key === this.active?.key || confidence < this.options.startConfidence) return undefined;
    if (this.candidate?.key === key) return { ...this.candidate, frames: this.candidate.frames + 1 };
    return { key, sinceMs: timestampMs, frames: 1 };
  }
}
