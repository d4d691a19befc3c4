import type { GestureInfo } from '../../src/server/gestures/gesture-info';
import { api, ApiProblem } from './api';

const COUNTDOWN_SECONDS = 3;

export interface GesturesPanelElements {
  readonly form: HTMLFormElement;
  readonly name: HTMLInputElement;
  readonly kind: HTMLSelectElement;
  readonly train: HTMLButtonElement;
  readonly status: HTMLElement;
  readonly list: HTMLUListElement;
  readonly countdown: HTMLElement;
}

/**
 * Custom gestures: record samples from the running session after a countdown, train, list and delete. Once
 * trained, the live view shows the gesture's name when it is recognised.
 */
export class GesturesPanel {
  constructor(
    private readonly elements: GesturesPanelElements,
    private readonly currentSession: () => string | undefined,
  ) {
    elements.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.record();
    });
    elements.train.addEventListener('click', () => void this.train());
  }

  async refresh(): Promise<void> {
    const { gestures } = await api<{ gestures: GestureInfo[] }>('GET', '/api/gestures');
    const { list } = this.elements;
    list.replaceChildren(
      ...gestures.map((gesture) => {
        const item = document.createElement('li');
        item.textContent = `${gesture.name} (${gesture.kind === 'static' ? 'pose' : 'movement'}, ${gesture.samples} samples${gesture.trained ? '' : ', not trained'}) `;
        const remove = document.createElement('button');
        remove.type = 'button';
        remove.textContent = 'Delete';
        remove.setAttribute('aria-label', `Delete ${gesture.name}`);
        remove.addEventListener('click', () => void this.run(async () => {
          await api('DELETE', `/api/gestures/${encodeURIComponent(gesture.name)}`);
          return `Deleted ${gesture.name}.`;
        }));
        item.append(remove);
        return item;
      }),
    );
  }

  private async record(): Promise<void> {
    const sessionId = this.currentSession();
    if (sessionId === undefined) return this.say('Start a session first: samples come from the live view.');
    const name = this.elements.name.value.trim();
    const kind = this.elements.kind.value;
    await this.countdown();
    this.say(`Recording ${name}… hold it${kind === 'moving' ? ' and move' : ''}.`);
    await this.run(async () => {
      const result = await api<GestureInfo & { added: number }>('POST', `/api/gestures/${encodeURIComponent(name)}/samples`, { sessionId, kind, frames: kind === 'moving' ? 20 : 15 });
      return `Recorded ${result.added} sample(s) of ${result.name} (${result.samples} in all). Record more, or train.`;
    });
  }

  private async train(): Promise<void> {
    await this.run(async () => {
      const { models } = await api<{ models: { kind: string; samples: number; accuracy: number; advice?: string }[] }>('POST', '/api/gestures/train');
      const accuracy = models.map((model) => `${model.kind === 'static' ? 'poses' : 'movements'} ${(model.accuracy * 100).toFixed(0)}% on ${model.samples} samples${model.advice === undefined ? '' : ` (${model.advice})`}`);
      return `Trained: ${accuracy.join(', ')}. Show the gesture to see it recognised.`;
    });
  }

  /** Runs an API call, then says how it went and lists the gestures again. */
  private async run(work: () => Promise<string>): Promise<void> {
    try {
      this.say(await work());
    } catch (error) {
      this.say(error instanceof ApiProblem ? error.message : String(error));
    }
    await this.refresh().catch(() => undefined);
  }

  private async countdown(): Promise<void> {
    const { countdown } = this.elements;
    countdown.hidden = false;
    for (let seconds = COUNTDOWN_SECONDS; seconds > 0; seconds -= 1) {
      countdown.textContent = String(seconds);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    countdown.hidden = true;
  }

  private say(text: string): void {
    this.elements.status.textContent = text;
  }
}
