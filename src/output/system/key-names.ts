import { HandflowError } from '../../core/errors.js';

const LETTERS = [...'abcdefghijklmnopqrstuvwxyz'] as const;
const DIGITS = [...'0123456789'] as const;
const FUNCTION_KEYS = Array.from({ length: 12 }, (_, i) => `f${i + 1}`);

/**
 * handflow's names for the other keys, and the name libnut presses for each. Only keys that standard
 * keymaps have: under X, libnut asked for a key the keymap lacks (F13 and up under Xvfb) ends the
 * whole process with an X error instead of throwing, so nothing outside this list may reach it.
 */
const NAMED_KEYS = {
  up: 'up',
  down: 'down',
  left: 'left',
  right: 'right',
  home: 'home',
  end: 'end',
  pageup: 'pageup',
  pagedown: 'pagedown',
  space: 'space',
  enter: 'return', // libnut's 'enter' is the keypad Enter
  tab: 'tab',
  escape: 'escape',
  backspace: 'backspace',
  delete: 'delete',
  insert: 'insert',
  printscreen: 'printscreen',
  minus: '-',
  equal: '=',
  comma: ',',
  period: '.',
  volumeup: 'audio_vol_up',
  volumedown: 'audio_vol_down',
  mute: 'audio_mute',
  playpause: 'audio_play',
  nexttrack: 'audio_next',
  previoustrack: 'audio_prev',
} as const;

const MODIFIERS = ['control', 'shift', 'alt', 'command'] as const;

type Letter = (typeof LETTERS)[number];
type Digit = (typeof DIGITS)[number];
type FunctionKey = `f${1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12}`;
/** A key handflow can press: a-z, 0-9, f1-f12 or one of the named keys (see `parseKeyName`). */
export type KeyName = Letter | Digit | FunctionKey | keyof typeof NAMED_KEYS;
/** A key held while another is pressed. 'command' is the Command key on macOS, the Windows or Super key elsewhere. */
export type ModifierName = (typeof MODIFIERS)[number];

/** A key and the modifiers held with it, e.g. control+shift+t. */
export interface KeyCombo {
  key: KeyName;
  modifiers: readonly ModifierName[];
}

const KEY_NAMES: ReadonlySet<string> = new Set([...LETTERS, ...DIGITS, ...FUNCTION_KEYS, ...Object.keys(NAMED_KEYS)]);
const ACCEPTED_KEYS = `a-z, 0-9, f1-f12, ${Object.keys(NAMED_KEYS).join(', ')}`;

function isKeyName(name: string): name is KeyName {
  return KEY_NAMES.has(name);
}

function isModifierName(name: string): name is ModifierName {
  return (MODIFIERS as readonly string[]).includes(name);
}

/** A key name from configuration (any case), or INVALID_OPTION listing the accepted names. */
export function parseKeyName(name: string): KeyName {
  const normalised = name.trim().toLowerCase();
  if (!isKeyName(normalised))
    throw new HandflowError('INVALID_OPTION', `unknown key "${name}": use one of ${ACCEPTED_KEYS}`);
  return normalised;
}

/** A modifier name from configuration (any case), or INVALID_OPTION listing the accepted names. */
export function parseModifierName(name: string): ModifierName {
  const normalised = name.trim().toLowerCase();
  if (!isModifierName(normalised)) {
    throw new HandflowError('INVALID_OPTION', `unknown modifier "${name}": use one of ${MODIFIERS.join(', ')}`);
  }
  return normalised;
}

/** A shortcut written as in configuration files, e.g. "control+shift+t" or "right": modifiers first, the key last. */
export function parseKeyCombo(text: string): KeyCombo {
  const parts = text.split('+');
  const key = parseKeyName(parts.at(-1) ?? '');
  return { key, modifiers: [...new Set(parts.slice(0, -1).map(parseModifierName))] };
}

/** The name libnut knows the key by. */
export function libnutKeyName(key: KeyName): string {
  return isNamedKey(key) ? NAMED_KEYS[key] : key;
}

function isNamedKey(key: string): key is keyof typeof NAMED_KEYS {
  return Object.hasOwn(NAMED_KEYS, key);
}
