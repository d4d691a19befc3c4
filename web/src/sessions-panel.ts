import type { SessionInfo } from '../../src/server/sessions/session-info-schema';
import { api } from './api';

/** How often the list is read again, so that sessions started or stopped elsewhere show. */
const REFRESH_MS = 5000;

export interface SessionsPanelHooks {
  /** The session this page shows, if any. */
  shown(): string | undefined;
  /** Whether this page may show another session now (none shown, none being started). */
  free(): boolean;
  /** Shows a session of a server-side source here (its preview, hands and events). */
  watch(session: SessionInfo): void;
  /** Stops showing the session here, leaving it running on the server. */
  leave(session: SessionInfo): void;
  /** A source's label as the person knows it (an upload by the file they chose). */
  label(text: string): string;
}

/**
 * The sessions running on the server, each with Stop, and Watch (then Leave) for one whose source the server reads:
 * after a reload, or one started from another tab or over the API, a session still acting can be seen and stopped here.
 * The list is redrawn only when what it says changes, so focus stays on its buttons between reads.
 */
export class SessionsPanel {
  /** What the list shows now, to redraw only on a change. */
  private drawn = '';
  /** Reads of the list under way: only the latest one is drawn, whatever order their answers come in. */
  private reads = 0;

  constructor(
    private readonly list: HTMLUListElement,
    private readonly hooks: SessionsPanelHooks,
  ) {}

  /** Lists the sessions now and every few seconds. */
  follow(): void {
    void this.refresh().catch(() => undefined);
    setInterval(() => void this.refresh().catch(() => undefined), REFRESH_MS);
  }

  async refresh(): Promise<void> {
    const read = ++this.reads;
    const { sessions } = await api<{ sessions: SessionInfo[] }>('GET', '/api/sessions');
    if (read !== this.reads) return;
    const running = sessions.filter((session) => session.state !== 'ended');
    const view = JSON.stringify([this.hooks.shown(), this.hooks.free(), running.map(({ id, state }) => [id, state])]);
    if (view === this.drawn) return;
    this.drawn = view;
    if (running.length === 0) {
      const none = document.createElement('li');
      none.className = 'hint';
      none.textContent = 'none running';
      this.list.replaceChildren(none);
      return;
    }
    this.list.replaceChildren(...running.map((session) => this.item(session)));
  }

  private item(session: SessionInfo): HTMLLIElement {
    const item = document.createElement('li');
    item.dataset.session = session.id;
    const shown = this.hooks.shown() === session.id;
    const label = document.createElement('span');
    label.textContent = `${session.project} on ${this.hooks.label(session.source.label)} (${session.state}${shown ? ', shown here' : ''})`;
    item.append(label);
    if (session.source.type !== 'browser' && this.hooks.free()) {
      item.append(this.button('Watch', `Show ${session.id} here`, () => this.hooks.watch(session)));
    }
    // A browser camera's session is this page's own: it ends with the page, so only Stop is offered for it.
    if (shown && session.source.type !== 'browser') {
      item.append(this.button('Leave', `Stop showing ${session.id} here, leaving it running`, () => this.hooks.leave(session)));
    }
    item.append(
      this.button('Stop', `Stop ${session.id}`, async () => {
        await api('POST', `/api/sessions/${session.id}/stop`).catch(() => undefined);
        await this.refresh();
      }),
    );
    return item;
  }

  private button(text: string, label: string, act: () => void | Promise<void>): HTMLButtonElement {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = text;
    button.setAttribute('aria-label', label);
    button.addEventListener('click', () => {
      button.disabled = true;
      void Promise.resolve(act()).finally(() => (button.disabled = false));
    });
    return button;
  }
}
