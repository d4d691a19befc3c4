import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { HandLandmarker } from '../extraction/hand-landmarker.js';
import { decodeImageFile } from '../ingestion/image-decoder.js';
import { sharedData } from '../testing/shared-data.js';
import { fingerStates } from './finger-states.js';
import { HandLandmark } from './geometry/hand-landmark-index.js';
import { handPoints } from './geometry/hand-points.js';
import type { Vector3 } from './geometry/vector3.js';
import { aslReferenceHand } from './testing/reference-landmarks.js';
import { ALL_FINGER_PATTERNS, mirrorHand, syntheticHand, transformHand } from './testing/synthetic-hand.js';

const pattern = (extended: readonly boolean[]) => extended.map(Number).join('');

/** The model hand with every finger out, its thumb tip moved to `target` (an index fingertip, say). */
function thumbTipAt(target: Vector3): Vector3[] {
  const points = syntheticHand({ extended: [true, true, true, true, true] });
  points[HandLandmark.THUMB_TIP] = target;
  return points;
}

/**
 * Kinivi's landmark samples of one gesture (real MediaPipe landmarks of many people's hands, 2-D: relative to
 * the wrist, scaled into [-1, 1]), as points with z 0. Labels: 0 open hand, 3 "OK" (thumb and index make a ring).
 */
function kiniviSamples(label: number): Vector3[][] {
  const rows = readFileSync(sharedData('landmark-datasets/kinivi/keypoint.csv'), 'utf8').trim().split('\n');
  return rows
    .map((row) => row.split(',').map(Number))
    .filter(([rowLabel]) => rowLabel === label)
    .map((values) => Array.from({ length: 21 }, (_, index) => ({ x: values[1 + 2 * index]!, y: values[2 + 2 * index]!, z: 0 })));
}

const share = (hands: Vector3[][], keep: (fingers: string) => boolean) => hands.filter((hand) => keep(pattern(fingerStates(hand).extended))).length / hands.length;

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

  test('a finger touching the thumb tip makes an O: neither counts as held up, however straight', () => {
    const open = syntheticHand({ extended: [true, true, true, true, true] });
    const indexTip = open[HandLandmark.INDEX_TIP]!;
    // The straight index with the thumb tip against its tip (10 px off: 0.1 palm lengths): thumb and index fold.
    assert.equal(pattern(fingerStates(thumbTipAt({ ...indexTip, x: indexTip.x - 10 })).extended), '00111');
    // The same with the middle finger: a ring of thumb and middle.
    const middleTip = open[HandLandmark.MIDDLE_TIP]!;
    assert.equal(pattern(fingerStates(thumbTipAt({ ...middleTip, z: middleTip.z + 10 })).extended), '01011');
    // Half a palm length away the thumb still reaches far across: no ring, every finger out.
    assert.equal(pattern(fingerStates(thumbTipAt({ ...indexTip, x: indexTip.x - 50 })).extended), '11111');
  });

  test("real rings: Kinivi's 337 OK samples show three fingers, its open hands keep their four fingers out", () => {
    // Without the ring rule, 303 of the OK samples read 10111 and 33 read 11111 (the index held straight to the thumb).
    const ok = kiniviSamples(3);
    assert.equal(ok.length, 337);
    assert.ok(share(ok, (fingers) => fingers === '00111') >= 0.98, 'thumb and index folded, the other three out');
    // Open hands whose thumb tip comes near the index tip in the image (2-D) must not lose their fingers.
    const open = kiniviSamples(0);
    assert.ok(share(open, (fingers) => fingers.endsWith('1111')) >= 0.94, 'index to pinky out');
  });

  test("HaGRID's ok photo: through the engine, the ring's thumb and index are folded and three fingers are up", async () => {
    const landmarker = await HandLandmarker.create();
    try {
      const result = await landmarker.detect(await decodeImageFile(sharedData('hagrid-tiles/ok.png')));
      assert.equal(result.handsDetected, 1);
      assert.equal(pattern(fingerStates(handPoints(result.hands[0]!, result.imageWidth)).extended), '00111');
    } finally {
      await landmarker.close();
    }
  });
});
