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

/** A gesture as seen in one frame: `key` says which frames show the same one; `value` is what is reported. */
export interface Observed<T> {
  key: string;
  value: T;
}

export type DebounceTransition<T> = { kind: 'started'; value: T; timestampMs: number } | Ended<T>;
type Ended<T> = { kind: 'ended'; value: T; timestampMs: number; heldMs: number };

interface Candidate<T> extends Observed<T> {
  sinceMs: number;
  frames: number;
}

/**
 * Turns a per-frame gesture (`undefined` for none) into started/ended transitions: a gesture
 * starts once seen `minHoldFrames` frames and `minHoldMs` in a row at `startConfidence`, and ends only after
 * `releaseFrames` frames without it (or under `holdConfidence`), so a flicker neither starts nor ends one.
 */
export class GestureDebouncer<T> {
  private active: (Observed<T> & { sinceMs: number; misses: number }) | undefined;
  private candidate: Candidate<T> | undefined;

  constructor(private readonly options: DebounceOptions) {}

  /** The gesture currently reported, if any. */
  get current(): T | undefined {
    return this.active?.value;
  }

  update(observed: Observed<T> | undefined, confidence: number, timestampMs: number): DebounceTransition<T>[] {
    const transitions: DebounceTransition<T>[] = [];
    const { active } = this;
    if (active !== undefined) {
      if (observed?.key === active.key && confidence >= this.options.holdConfidence) {
        active.misses = 0;
        return transitions;
      }
      if (++active.misses >= this.options.releaseFrames) {
        transitions.push({ kind: 'ended', value: active.value, timestampMs, heldMs: timestampMs - active.sinceMs });
        this.active = undefined;
      }
    }
    this.candidate = this.follow(observed, confidence, timestampMs);
    const { candidate } = this;
    if (
      this.active === undefined &&
      candidate !== undefined &&
      candidate.frames >= this.options.minHoldFrames &&
      timestampMs - candidate.sinceMs >= this.options.minHoldMs
    ) {
      this.active = { key: candidate.key, value: candidate.value, sinceMs: candidate.sinceMs, misses: 0 };
      this.candidate = undefined;
      transitions.push({ kind: 'started', value: candidate.value, timestampMs });
    }
    return transitions;
  }

  /** Ends whatever is reported (at the end of a stream); returns the transition if there was one. */
  flush(timestampMs: number): Ended<T>[] {
    const { active } = this;
    this.active = this.candidate = undefined;
    return active === undefined ? [] : [{ kind: 'ended', value: active.value, timestampMs, heldMs: timestampMs - active.sinceMs }];
  }

  private follow(observed: Observed<T> | undefined, confidence: number, timestampMs: number): Candidate<T> | undefined {
    if (observed === undefined || observed.key === this.active?.key || confidence < this.options.startConfidence) return undefined;
    if (this.candidate?.key === observed.key) return { ...this.candidate, frames: this.candidate.frames + 1 };
    return { ...observed, sinceMs: timestampMs, frames: 1 };
  }
}
