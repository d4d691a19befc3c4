/** What the left button does on a frame. */
export type ButtonIntent = 'click' | 'press' | 'release';

/**
 * Pinches as mouse buttons: a pinch let go within `holdMs` is a click; one held longer presses the button (a
 * drag begins) and letting go releases it. From a pinch's start until it becomes a drag the cursor holds
 * still, so a click lands where the pinch began rather than where the pinching fingers pulled it.
 */
export class PinchClick {
  private pinchedAtMs: number | undefined;
  private pressed = false;

  constructor(private readonly holdMs: number) {}

  /** The button's intent at `timestampMs`, given whether the hand pinches. */
  update(pinching: boolean, timestampMs: number): ButtonIntent | undefined {
    const since = this.pinchedAtMs;
    if (pinching) {
      if (since === undefined || timestampMs < since) {
        this.pinchedAtMs = timestampMs;
        return undefined;
      }
      if (this.pressed || timestampMs - since < this.holdMs) return undefined;
      this.pressed = true;
      return 'press';
    }
    if (since === undefined) return undefined;
    const intent = this.pressed ? 'release' : 'click';
    this.pinchedAtMs = undefined;
    this.pressed = false;
    return intent;
  }

  /** The hand is gone: a pinch under way is no click, but a held button must be let go. */
  cancel(): 'release' | undefined {
    const intent = this.pressed ? 'release' : undefined;
    this.pinchedAtMs = undefined;
    this.pressed = false;
    return intent;
  }

  get holdsCursor(): boolean {
    return this.pinchedAtMs !== undefined && !this.pressed;
  }

  get dragging(): boolean {
    return this.pressed;
  }
}
