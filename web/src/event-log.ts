/** Entries kept in the log: the newest, so a long session does not grow the page without end. */
const MAX_ENTRIES = 100;

/** `event`: the project's events; `seen`: what the live view shows, when it changes. */
export type LogKind = 'event' | 'session' | 'error' | 'seen';

/** The live event log, newest first. */
export class EventLog {
  constructor(private readonly list: HTMLOListElement) {}

  add(kind: LogKind, text: string): void {
    const item = document.createElement('li');
    item.className = `log-${kind}`;
    const time = document.createElement('time');
    const now = new Date();
    time.dateTime = now.toISOString();
    time.textContent = now.toLocaleTimeString();
    const label = document.createElement('span');
    label.className = 'log-kind';
    label.textContent = kind;
    item.append(time, ' ', label, ' ', text);
    this.list.prepend(item);
    while (this.list.children.length > MAX_ENTRIES) this.list.lastElementChild!.remove();
  }
}
