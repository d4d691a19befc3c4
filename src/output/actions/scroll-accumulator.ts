/**
 * Wheel notches from the fingertips' movement down the frame: `notchesPerFrame` for a movement of the whole
 * frame's height, moving down scrolling down. Fractions are carried to the next frame, so slow movements
 * scroll too.
 */
export class ScrollAccumulator {
  private lastY: number | undefined;
  private carried = 0;

  constructor(private readonly notchesPerFrame: number) {}

  /** Whole notches to scroll now that the fingertips are at `y` (0-1 down the frame). */
  update(y: number): number {
    const last = this.lastY;
    this.lastY = y;
    if (last === undefined) return 0;
    this.carried += (y - last) * this.notchesPerFrame;
    const whole = Math.trunc(this.carried);
    this.carried -= whole;
    return whole;
  }

  /** The fingers stopped scrolling: the next movement starts from where they are then. */
  reset(): void {
    this.lastY = undefined;
    this.carried = 0;
  }
}
