import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fingerStates } from './finger-states.js';
import { aslReferenceHand } from './testing/reference-landmarks.js';
import { ALL_FINGER_PATTERNS, mirrorHand, syntheticHand, transformHand } from './testing/synthetic-hand.js';

const pattern = (extended: readonly boolean[]) => extended.map(Number).join('');

describe('fingerStates', () => {
  test('reads all 32 finger patterns on the model hand, however it is turned, palm or back, left or right', () => {
    const rotations = [{}, { z: 90 }, { z: 180 }, { z: -120 }, { x: 60 }, { y: 70 }, { y: 180 }, { x: 30, y: -50, z: 140 }];
    for (const extended of ALL_FINGER_PATTERNS) {
      for (const rotation of rotations) {
        for (const mirrored of [false, true]) {
          const turned = transformHand(syntheticHand({ extended }), rotation, { x: 320, y: 240, z: 0 });
          const states = fingerStates(mirrored ? mirrorHand(turned) : turned);
          const pose = `${pattern(extended)} turned ${JSON.stringify(rotation)}${mirrored ? ' mirrored' : ''}`;
          assert.equal(pattern(states.extended), pattern(extended), pose);
          assert.equal(states.count, extended.filter(Boolean).length, pose);
        }
      }
    }
  });

  test('a finger on the edge of its threshold is uncertain, one well clear of it certain', () => {
    const open = fingerStates(syntheticHand({ extended: [true, true, true, true, true] }));
    // The model thumb is 1.081 palm widths out, 0.331 past the 0.75 threshold (band 0.3): certain.
    assert.equal(open.certainty[0], 1);
    // The model pinky reaches 1.655 metacarpals, 0.155 past 1.5 (band 0.3): 0.5 + 0.5 * 0.155 / 0.3 = 0.759.
    assert.ok(Math.abs(open.certainty[4]! - 0.759) < 1e-3, `pinky certainty ${open.certainty[4]}`);
    assert.equal(open.confidence, Math.min(...open.certainty));
  });

  test("reads MediaPipe's own landmarks of real hands signing (hand-checked frames of the ASL reference)", () => {
    // Frame 0: a fist with the thumb against the index (ASL "A"); 80: pinky up ("I"); 160: index up ("D"); 280: a fist ("S").
    const expected: [number, string][] = [
      [0, '00000'],
      [80, '00001'],
      [160, '01000'],
      [280, '00000'],
    ];
    for (const [frame, fingers] of expected) assert.equal(pattern(fingerStates(aslReferenceHand(frame)).extended), fingers, `frame ${frame}`);
  });
});
