import { api } from './api';
import type { EventLog } from './event-log';
import type { SettleGuard } from './settle-guard';

/**
 * The Actions switch: shows whether the server's actions are armed, and arms or disarms them on a click. It is the
 * server's one switch, over every session, so another tab or an API client may turn it at any time: the server
 * says so over the WebSocket (`actions` messages), and the page must never show "Actions off" while gestures act.
 *
 * While the socket is connected its messages alone set what is shown: they tell every change in order, whereas
 * the answer to this page's own request can arrive after a later change made elsewhere.
 */
export class ArmSwitch {
  private followsSocket = false;

  constructor(
    private readonly button: HTMLButtonElement,
    private readonly label: HTMLElement,
    private readonly log: EventLog,
    /** Arming takes only an input made on this page once it has settled; disarming takes any. */
    private readonly guard: SettleGuard,
  ) {
    button.addEventListener('click', () => void this.toggle());
  }

  /** The state read when the page loaded: shown unless the socket has already told it. */
  loaded(armed: boolean): void {
    if (!this.followsSocket) this.show(armed);
  }

  /** An `actions` message from the server. */
  heard(armed: boolean): void {
    this.followsSocket = true;
    this.show(armed);
  }

  /** The socket closed: until it is back (and tells the state on connecting), this page's answers are shown. */
  socketLost(): void {
    this.followsSocket = false;
  }

  private async toggle(): Promise<void> {
    const armed = this.button.getAttribute('aria-checked') === 'true';
    if (!armed && !this.guard.deliberate()) {
      this.log.add('session', 'actions not armed: the page had only just appeared; press again');
      return;
    }
    try {
      const state = await api<{ armed: boolean }>('POST', armed ? '/api/actions/disarm' : '/api/actions/arm');
      if (!this.followsSocket) this.show(state.armed);
    } catch (error) {
      // Arming fails as a whole (no display, no sound server): the switch is off again and the log says why.
      if (!this.followsSocket) this.show(false);
      this.log.add('error', error instanceof Error ? error.message : String(error));
    }
  }

  /** Shows the state, and notes in the log when it changes, whoever changed it. */
  private show(armed: boolean): void {
    if (this.button.getAttribute('aria-checked') === String(armed)) return;
    this.button.setAttribute('aria-checked', String(armed));
    this.label.textContent = armed ? 'Actions ARMED' : 'Actions off';
    this.log.add('session', armed ? 'actions armed' : 'actions disarmed');
  }
}
