import { parseKeyCombo, type KeyCombo } from '../system/key-names.js';
import { gestureName } from './gesture-name.js';
import type { ActionConfigOf } from './action-config.js';
import type { ActionFrame } from './action-frame.js';
import type { ActionContext, ActionHandler } from './output-action.js';
import { GestureTrigger } from './gesture-trigger.js';

/** Presses a key or shortcut when a bound gesture starts (or, for a swipe, happens). */
export class KeyboardAction implements ActionHandler {
  private readonly trigger: GestureTrigger;
  private readonly combos: ReadonlyMap<string, KeyCombo>;

  constructor(
    config: ActionConfigOf<'keyboard'>,
    private readonly context: ActionContext,
  ) {
    this.combos = new Map(Object.entries(config.bindings).map(([gesture, combo]) => [gesture, parseKeyCombo(combo)]));
    this.trigger = new GestureTrigger(this.combos.keys(), config.minIntervalMs);
  }

  async prepare(): Promise<void> {
    await this.context.controls.keyboard();
  }

  async handle(frame: ActionFrame, armed: AbortSignal): Promise<void> {
    for (const { event } of this.trigger.due(frame, armed)) {
      const combo = this.combos.get(gestureName(event.data));
      if (combo === undefined) continue;
      await (await this.context.controls.keyboard()).tap(combo.key, combo.modifiers);
    }
  }
}
