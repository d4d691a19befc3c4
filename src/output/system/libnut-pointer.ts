import { loadLibnut, type Libnut } from './libnut.js';
import {
  checkedPoint,
  checkedScroll,
  type MouseButton,
  type PointerControl,
  type ScreenPoint,
  type ScreenSize,
} from './pointer-control.js';

/**
 * How far libnut scrolls for one wheel notch. libnut counts up and left as positive on every system, but
 * in X button presses (one per notch), Windows wheel units (120 per notch) and macOS pixels (10 here,
 * about a line of text; not yet measured on a Mac).
 */
const LIBNUT_UNITS_PER_NOTCH: Partial<Record<NodeJS.Platform, number>> = { linux: 1, win32: 120, darwin: 10 };

/** The system pointer through libnut. Rejects with SERVICE_UNAVAILABLE when there is no display to drive. */
export async function createPointerControl(): Promise<PointerControl> {
  return new LibnutPointer(await loadLibnut());
}

class LibnutPointer implements PointerControl {
  private readonly unitsPerNotch = LIBNUT_UNITS_PER_NOTCH[process.platform] ?? 1;

  constructor(private readonly libnut: Libnut) {}

  async screenSize(): Promise<ScreenSize> {
    const { width, height } = this.libnut.getScreenSize();
    return { width, height };
  }

  async position(): Promise<ScreenPoint> {
    const { x, y } = this.libnut.getMousePos();
    return { x, y };
  }

  async moveTo(x: number, y: number): Promise<void> {
    const point = checkedPoint(x, y);
    this.libnut.moveMouse(point.x, point.y);
  }

  async click(button: MouseButton = 'left'): Promise<void> {
    this.libnut.mouseClick(button);
  }

  async press(button: MouseButton = 'left'): Promise<void> {
    this.libnut.mouseToggle('down', button);
  }

  async release(button: MouseButton = 'left'): Promise<void> {
    this.libnut.mouseToggle('up', button);
  }

  async scroll(dx: number, dy: number): Promise<void> {
    const notches = checkedScroll(dx, dy);
    this.libnut.scrollMouse(-notches.dx * this.unitsPerNotch, -notches.dy * this.unitsPerNotch);
  }
}
