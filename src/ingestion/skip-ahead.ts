/** How long decoding must have delivered only stale frames before skipping ahead is considered. */
export const SKIP_AHEAD_AFTER_MS = 500;

/** Since when a video played in real time has delivered only stale frames, and how late it was then. */
export interface StaleSpell {
  /** The position due (ms of the video) when the first stale frame came. */
  readonly sinceMs: number;
  /** How far behind the clock that frame was. */
  readonly lagMs: number;
}

/**
 * Whether a video played in real time, whose decoding has delivered only stale frames since `spell`, should
 * restart decoding further on: every frame in between would be dropped anyway, and converting them is most of
 * ffmpeg's work. A restart delivers nothing for as long as the last start took (`restartMs`, a second or more on a
 * busy machine), so decoding that gains on the clock is left to catch up when it would be on time sooner than
 * that: restarting it then kept a busy machine's pipeline from ever getting a frame on time (2 of 325 processed).
 *
 * @param dueMs the position due now; @param lagMs how far behind the clock the frame decoded now is;
 * @param staleAfterMs the age past which a frame is stale.
 */
export function shouldSkipAhead(spell: StaleSpell, dueMs: number, lagMs: number, restartMs: number, staleAfterMs: number): boolean {
  const staleForMs = dueMs - spell.sinceMs;
  if (staleForMs <= SKIP_AHEAD_AFTER_MS) return false;
  const gainedPerMs = (spell.lagMs - lagMs) / staleForMs;
  if (gainedPerMs <= 0) return true;
  return (lagMs - staleAfterMs) / gainedPerMs > restartMs;
}
