/**
 * How long after the page is shown the controls that turn something on (the Actions switch, Start) take no input.
 * Another site can ask for a double-click, or for a key held down, and put the dashboard where it was meanwhile (by
 * navigating to it, `#arm` focusing the switch, or by closing a popup it opened over a dashboard it loaded behind),
 * so the second click or the key's release lands here ("double-clickjacking"): an input that began before the page
 * appeared, or just after, is not a choice made on this page. Browsers hold their own security prompts' buttons the
 * same way. Turning actions off is never held.
 */
const SETTLE_MS = 1000;

/** What a guarded control's input must be to count. */
export interface SettleGuard {
  /**
   * True when the input acting now began on this page once it had settled: the latest press of a key (not its
   * repeats) or of the pointer came after the page was last shown, and SETTLE_MS after.
   */
  deliberate(): boolean;
}

/**
 * Holds the page `settling` (see style.css: the pointer goes through the guarded controls) for SETTLE_MS now and
 * whenever it is shown again or gets the focus, taking the focus off a guarded control it lands on.
 */
export function holdControlsWhenShown(guarded: readonly HTMLElement[], root: HTMLElement = document.documentElement): SettleGuard {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let settledAt = Number.POSITIVE_INFINITY;
  let pressedAt = Number.NEGATIVE_INFINITY;
  const hold = (): void => {
    root.classList.add('settling');
    settledAt = performance.now() + SETTLE_MS;
    clearTimeout(timer);
    timer = setTimeout(() => root.classList.remove('settling'), SETTLE_MS);
    if (guarded.some((control) => control.contains(document.activeElement))) (document.activeElement as HTMLElement).blur();
  };
  hold();
  window.addEventListener('pageshow', hold);
  window.addEventListener('focus', hold);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') hold();
  });
  // Captured before any control sees them: when the input that will act began.
  window.addEventListener('pointerdown', () => void (pressedAt = performance.now()), { capture: true });
  window.addEventListener('keydown', (event) => void (event.repeat || (pressedAt = performance.now())), { capture: true });
  return { deliberate: () => pressedAt >= settledAt };
}
