import type { PixelPoint } from '../extraction/hand-landmarker-result.js';

interface Track {
  id: number;
  centre: PixelPoint;
  lastSeenMs: number;
}

/**
 * Gives each hand an id that stays the same from frame to frame while it is followed, so that per-hand
 * state (a pinch held, a swipe under way, a smoothing filter) stays with the hand. Hands are matched to the
 * nearest palm centre seen last, not by their Left/Right label, which can flip for a frame in fast motion.
 * A track not seen for `maxGapMs` is forgotten; a timestamp that does not increase (a new stream, or unrelated
 * still images) forgets them all.
 */
export class HandTrackIds {
  private tracks: Track[] = [];
  private nextId = 0;
  private lastTimestampMs = Number.NEGATIVE_INFINITY;

  constructor(private readonly maxGapMs: number) {}

  /** The id of each hand, in the order of `centres`. */
  assign(centres: readonly PixelPoint[], timestampMs: number): number[] {
    if (timestampMs <= this.lastTimestampMs) this.reset();
    this.lastTimestampMs = timestampMs;
    const live = this.tracks.filter((track) => timestampMs - track.lastSeenMs <= this.maxGapMs);
    // Greedy matching, closest pairs first: with one or two hands this is the optimal assignment.
    const pairs = centres.flatMap((centre, hand) =>
      live.map((track) => ({ hand, track, distance: Math.hypot(centre.x - track.centre.x, centre.y - track.centre.y) })),
    );
    pairs.sort((a, b) => a.distance - b.distance);
    const ids = centres.map((): number | undefined => undefined);
    const taken = new Set<Track>();
    for (const { hand, track } of pairs) {
      if (ids[hand] !== undefined || taken.has(track)) continue;
      ids[hand] = track.id;
      taken.add(track);
    }
    const assigned = ids.map((id) => id ?? this.nextId++);
    this.tracks = [
      ...live.filter((track) => !taken.has(track)),
      ...centres.map((centre, hand) => ({ id: assigned[hand]!, centre, lastSeenMs: timestampMs })),
    ];
    return assigned;
  }

  /** The ids of the hands still followed (seen within `maxGapMs` of the last frame). */
  liveIds(): number[] {
    return this.tracks.map((track) => track.id);
  }

  reset(): void {
    this.tracks = [];
    this.lastTimestampMs = Number.NEGATIVE_INFINITY;
  }
}
