import type { ExtractionResult } from '../extraction/hand-landmarker-result.js';
import { HandTrackIds } from './hand-tracks.js';

/**
 * Keeps one piece of state (a pinch latch, a swipe detector) for each hand followed through a stream, made
 * when a hand appears and dropped when it has been gone longer than `maxGapMs`.
 */
export class PerHandState<State> {
  private readonly tracks: HandTrackIds;
  private states = new Map<number, State>();

  constructor(
    private readonly create: () => State,
    maxGapMs: number,
  ) {
    this.tracks = new HandTrackIds(maxGapMs);
  }

  /** Each hand's state, in the order of `extraction.hands`. */
  forHands(extraction: ExtractionResult): State[] {
    const ids = this.tracks.assign(
      extraction.hands.map((hand) => hand.palmCenter),
      extraction.frameTimestamp,
    );
    const live = new Set(this.tracks.liveIds());
    for (const id of this.states.keys()) if (!live.has(id)) this.states.delete(id);
    return ids.map((id) => this.states.get(id) ?? this.states.set(id, this.create()).get(id)!);
  }

  reset(): void {
    this.tracks.reset();
    this.states.clear();
  }
}
