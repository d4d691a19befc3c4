import type { KeyName, ModifierName } from './key-names.js';

/** The system's keyboard, as seen by the focused window. */
export interface KeyboardControl {
  /** Presses and releases `key` while holding `modifiers` (none by default). */
  tap(key: KeyName, modifiers?: readonly ModifierName[]): Promise<void>;
}
