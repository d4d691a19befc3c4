import { HandflowError } from '../../core/errors.js';

export type MouseButton = 'left' | 'right' | 'middle';

/** A point on the screen in pixels, from the top left corner of the main screen. */
export interface ScreenPoint {
  x: number;
  y: number;
}

export interface ScreenSize {
  width: number;
  height: number;
}

/** The system's mouse pointer. */
export interface PointerControl {
  /** The main screen's size in pixels: the space `moveTo` and `position` use. */
  screenSize(): Promise<ScreenSize>;
  position(): Promise<ScreenPoint>;
  /** Moves the pointer to a point; coordinates are rounded to whole pixels. */
  moveTo(x: number, y: number): Promise<void>;
  /** Presses and releases a button. Defaults to the left button. */
  click(button?: MouseButton): Promise<void>;
  /** Holds a button down (the start of a drag). Defaults to the left button. */
  press(button?: MouseButton): Promise<void>;
  /** Lets a held button go. Defaults to the left button. */
  release(button?: MouseButton): Promise<void>;
  /** Turns the wheel by whole notches: `dy` above 0 scrolls down, `dx` above 0 right, as a web page's wheel event counts. */
  scroll(dx: number, dy: number): Promise<void>;
}

/** The point rounded to whole pixels, or INVALID_OPTION when a coordinate is not a finite number. */
export function checkedPoint(x: number, y: number): ScreenPoint {
  return { x: wholeNumber(x, 'pointer x'), y: wholeNumber(y, 'pointer y') };
}

/** The scroll rounded to whole notches, or INVALID_OPTION when an amount is not a finite number. */
export function checkedScroll(dx: number, dy: number): { dx: number; dy: number } {
  return { dx: wholeNumber(dx, 'scroll dx'), dy: wholeNumber(dy, 'scroll dy') };
}

function wholeNumber(value: number, name: string): number {
  if (!Number.isFinite(value)) throw new HandflowError('INVALID_OPTION', `${name} must be a finite number, got ${value}`);
  return Math.round(value);
}
