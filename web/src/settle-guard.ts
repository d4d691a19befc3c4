/**
 * How long after the page is shown the controls that turn something on (the Actions switch, Start) ignore the
 * pointer. Another site can ask for a double-click and put the dashboard where it was between the two clicks (by
 * navigating to it, or by closing a popup it opened over a dashboard it loaded behind), so the second click lands
 * on whatever is under the pointer here ("double-clickjacking"): a click that soon after the page appeared or got
 * the focus is not a choice made on this page. Browsers hold their own security prompts' buttons the same way.
 * Turning actions off is never held.
 */
const SETTLE_MS = 1000;

/** Marks the page `settling` (see style.css) for SETTLE_MS now and whenever it is shown again or gets the focus. */
export function holdControlsWhenShown(root: HTMLElement = document.documentElement): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hold = (): void => {
    root.classList.add('settling');
    clearTimeout(timer);
    timer = setTimeout(() => root.classList.remove('settling'), SETTLE_MS);
  };
  hold();
  window.addEventListener('pageshow', hold);
  window.addEventListener('focus', hold);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') hold();
  });
}
