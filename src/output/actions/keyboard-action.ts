import { parseKeyCombo, type KeyCombo } from '../system/key-names.js';
import { gestureName } from './gesture-name.js';
import type { ActionConfigOf } from './action-config.js';
import type { ActionFrame } from './action-frame.js';
import { gesturesBegun } from './frame-readings.js';
import type { ActionContext, ActionHandler } from './output-action.js';
import { RateLimit } from './rate-limit.js';

/** Presses a key or shortcut when a bound gesture starts (or, for a swipe, happens). */
export class KeyboardAction implements ActionHandler {
  private readonly limit: RateLimit;
  private readonly combos: ReadonlyMap<string, KeyCombo>;

  constructor(
    config: ActionConfigOf<'keyboard'>,
    private readonly context: ActionContext,
  ) {
    this.limit = new RateLimit(config.minIntervalMs);
    this.combos = new Map(Object.entries(config.bindings).map(([gesture, combo]) => [gesture, parseKeyCombo(combo)]));
  }

  async prepare(): Promise<void> {
    await this.context.controls.keyboard();
  }

  async handle(frame: ActionFrame): Promise<void> {
    for (const { event, frameMs } of gesturesBegun(frame, new Set(this.combos.keys()))) {
      const combo = this.combos.get(gestureName(event.data));
      if (combo === undefined || !this.limit.take(frameMs)) continue;
      await (await this.context.controls.keyboard()).tap(combo.key, combo.modifiers);
    }
  }
}
