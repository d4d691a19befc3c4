import type { KeyboardControl } from './keyboard-control.js';
import { libnutKeyName, type KeyName, type ModifierName } from './key-names.js';
import { loadLibnut } from './libnut.js';

/** The system keyboard through libnut. Rejects with SERVICE_UNAVAILABLE when there is no display to type into. */
export async function createKeyboardControl(): Promise<KeyboardControl> {
  const libnut = await loadLibnut();
  return {
    tap: async (key: KeyName, modifiers: readonly ModifierName[] = []) =>
      libnut.keyTap(libnutKeyName(key), [...modifiers]),
  };
}
