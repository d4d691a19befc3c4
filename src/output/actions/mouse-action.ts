import type { PointerControl, ScreenPoint, ScreenSize } from '../system/pointer-control.js';
import type { ActionConfigOf } from './action-config.js';
import type { ActionFrame } from './action-frame.js';
import { CursorSmoother } from './cursor-smoother.js';
import { pointingHand } from './frame-readings.js';
import type { ActionContext, ActionHandler } from './output-action.js';
import { PinchClick, type ButtonIntent } from './pinch-click.js';
import { RateLimit } from './rate-limit.js';
import { frameToScreen } from './screen-mapping.js';
import { ScrollAccumulator } from './scroll-accumulator.js';

/**
 * A virtual mouse: the first hand's index fingertip drives the cursor (the frame within a margin maps to the
 * whole screen, smoothed), a pinch clicks, a pinch held drags, and two fingers (index and middle) moved up or
 * down scroll.
 */
export class MouseAction implements ActionHandler {
  private readonly limit: RateLimit;
  private smoother: CursorSmoother;
  private readonly pinch: PinchClick;
  private readonly scroll: ScrollAccumulator;
  private screen: ScreenSize | undefined;
  private cursor: ScreenPoint | undefined;
  private buttonDown = false;

  constructor(
    private readonly config: ActionConfigOf<'mouse'>,
    private readonly context: ActionContext,
  ) {
    this.limit = new RateLimit(config.minIntervalMs);
    this.smoother = new CursorSmoother(config.smoothing);
    this.pinch = new PinchClick(config.holdMs);
    this.scroll = new ScrollAccumulator(config.scrollSpeed);
  }

  async prepare(): Promise<void> {
    this.screen = await (await this.context.controls.pointer()).screenSize();
  }

  async handle(frame: ActionFrame): Promise<void> {
    const pointer = await this.context.controls.pointer();
    const screen = (this.screen ??= await pointer.screenSize());
    const hand = pointingHand(frame);
    if (hand === undefined) {
      this.scroll.reset();
      await this.button(pointer, this.pinch.cancel(), frame.timestampMs);
      return;
    }
    if (hand.twoFingers && !hand.pinching && !this.pinch.dragging) {
      const notches = this.scroll.update(hand.twoFingerY);
      if (notches !== 0) await pointer.scroll(0, notches);
      return;
    }
    this.scroll.reset();
    const target = this.smoother.apply(frameToScreen(hand.indexTip, this.config.margin, screen), frame.timestampMs, screen);
    // The button first: a click or a drag's start happens where the cursor was held, not where the hand went.
    await this.button(pointer, this.pinch.update(hand.pinching, frame.timestampMs), frame.timestampMs);
    if (!this.pinch.holdsCursor) await this.moveTo(pointer, target, screen);
  }

  holding(): boolean {
    return this.buttonDown;
  }

  async release(): Promise<void> {
    await this.releaseButton(await this.context.controls.pointer());
    this.pinch.cancel();
    this.scroll.reset();
    this.smoother = new CursorSmoother(this.config.smoothing);
  }

  private async moveTo(pointer: PointerControl, target: ScreenPoint, screen: ScreenSize): Promise<void> {
    const point = { x: Math.round(target.x), y: Math.round(target.y) };
    if (point.x === this.cursor?.x && point.y === this.cursor.y) return;
    await pointer.moveTo(point.x, point.y);
    this.cursor = point;
    this.context.emit('cursor_moved', { ...point, screen_width: screen.width, screen_height: screen.height, dragging: this.buttonDown });
  }

  private async button(pointer: PointerControl, intent: ButtonIntent | undefined, timestampMs: number): Promise<void> {
    if (intent === 'release') return this.releaseButton(pointer);
    if (intent === undefined || !this.limit.take(timestampMs)) return;
    await (intent === 'click' ? pointer.click() : pointer.press());
    this.buttonDown = intent === 'press';
    await this.clicked(pointer, intent);
  }

  /** Never held back by the rate limit: a button left down would be worse than any flood of clicks. */
  private async releaseButton(pointer: PointerControl): Promise<void> {
    if (!this.buttonDown) return;
    await pointer.release();
    this.buttonDown = false;
    await this.clicked(pointer, 'release');
  }

  private async clicked(pointer: PointerControl, kind: ButtonIntent): Promise<void> {
    const at = this.cursor ?? (await pointer.position());
    this.context.emit('cursor_clicked', { x: at.x, y: at.y, button: 'left', kind });
  }
}
