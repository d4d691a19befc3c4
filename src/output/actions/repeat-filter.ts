/**
 * Holds back repeats of the same failure within `quietMs` of frame time, so an action failing on every frame
 * (the sound server gone) sends one error event every few seconds rather than thirty a second.
 */
export class RepeatFilter {
  private last: { message: string; atMs: number } | undefined;

  constructor(private readonly quietMs: number) {}

  /** Whether this failure is worth reporting; if so it becomes the last one reported. */
  admit(message: string, atMs: number): boolean {
    const last = this.last;
    if (last !== undefined && last.message === message && atMs >= last.atMs && atMs - last.atMs < this.quietMs) return false;
    this.last = { message, atMs };
    return true;
  }
}
