import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { libnutKeyName, parseKeyCombo, parseKeyName, parseModifierName } from './key-names.js';

describe('key names', () => {
  test('accepts letters, digits, f1-f12 and the named keys, in any case', () => {
    assert.equal(parseKeyName('a'), 'a');
    assert.equal(parseKeyName(' Right '), 'right');
    assert.equal(parseKeyName('PageUp'), 'pageup');
    assert.equal(parseKeyName('F12'), 'f12');
    assert.equal(parseKeyName('7'), '7');
  });

  test('an unknown key fails with the list of accepted names', () => {
    assert.throws(() => parseKeyName('f13'), {
      name: 'HandflowError',
      code: 'INVALID_OPTION',
      message:
        /^unknown key "f13": use one of a-z, 0-9, f1-f12, up, down, left, right, home, end, pageup, pagedown, space, enter, .*, previoustrack$/,
    });
    assert.throws(() => parseKeyName('arrowright'), { code: 'INVALID_OPTION', message: /unknown key "arrowright"/ });
  });

  test('modifiers: control, shift, alt, command', () => {
    assert.equal(parseModifierName('Control'), 'control');
    assert.throws(() => parseModifierName('ctrl'), {
      code: 'INVALID_OPTION',
      message: /^unknown modifier "ctrl": use one of control, shift, alt, command$/,
    });
  });

  test('a shortcut is modifiers then a key, joined by +', () => {
    assert.deepEqual(parseKeyCombo('control+shift+t'), { key: 't', modifiers: ['control', 'shift'] });
    assert.deepEqual(parseKeyCombo('right'), { key: 'right', modifiers: [] });
    assert.deepEqual(parseKeyCombo('alt+alt+f4'), { key: 'f4', modifiers: ['alt'] });
    assert.throws(() => parseKeyCombo('control+'), { message: /^unknown key "":/ });
    assert.throws(() => parseKeyCombo('hyper+a'), { message: /^unknown modifier "hyper"/ });
  });

  test('maps to the names libnut presses', () => {
    assert.equal(libnutKeyName('enter'), 'return'); // libnut's 'enter' is the keypad key
    assert.equal(libnutKeyName('volumeup'), 'audio_vol_up');
    assert.equal(libnutKeyName('minus'), '-');
    assert.equal(libnutKeyName('f5'), 'f5');
    assert.equal(libnutKeyName('q'), 'q');
  });
});
