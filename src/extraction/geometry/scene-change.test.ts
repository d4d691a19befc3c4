import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RgbImage } from '../../core/image.js';
import { lumaGrid } from '../../preprocessing/luma-grid.js';
import { CHANGED_LEVELS, handAndForearmRegion, rectContains, sceneChangedOutside } from './scene-change.js';
import type { RotatedRect } from './types.js';

const grey = (level: number): RgbImage => ({ width: 640, height: 480, data: new Uint8Array(640 * 480 * 3).fill(level) });

function withPatch(level: number, x0: number, y0: number, x1: number, y1: number, patchLevel: number): RgbImage {
  const image = grey(level);
  for (let y = y0; y < y1; y++) image.data.fill(patchLevel, (y * 640 + x0) * 3, (y * 640 + x1) * 3);
  return image;
}

// An upright hand's crop rectangle: fingers up, wrist towards the bottom.
const UPRIGHT: RotatedRect = { xCenter: 300, yCenter: 200, width: 100, height: 100, rotation: 0 };

test('an upright hand\'s region reaches one and a half crops below it, towards its forearm, and none above', () => {
  const region = handAndForearmRegion(UPRIGHT);
  assert.ok(rectContains(region, { x: 300, y: 160 }), 'the hand');
  assert.ok(rectContains(region, { x: 300, y: 390 }), 'the forearm, below the wrist');
  assert.ok(!rectContains(region, { x: 300, y: 140 }), 'above the fingers');
  assert.ok(!rectContains(region, { x: 300, y: 410 }), 'past the forearm');
  assert.ok(!rectContains(region, { x: 360, y: 300 }), 'beside the forearm');
});

test('a hand pointing right (rotation a quarter turn clockwise) has its forearm to its left', () => {
  const region = handAndForearmRegion({ ...UPRIGHT, rotation: Math.PI / 2 });
  assert.ok(rectContains(region, { x: 120, y: 200 }), 'left of the hand');
  assert.ok(!rectContains(region, { x: 360, y: 200 }), 'right of the hand');
  assert.ok(!rectContains(region, { x: 300, y: 300 }), 'below the hand');
});

test('a change counts only outside the tracked hands\' regions and beyond sensor noise', () => {
  const reference = lumaGrid(grey(100));
  assert.equal(sceneChangedOutside(reference, lumaGrid(grey(100 + CHANGED_LEVELS - 1)), []), false, 'a slight shift of the whole frame');
  assert.equal(sceneChangedOutside(reference, lumaGrid(grey(100 + CHANGED_LEVELS + 2)), []), true, 'a light turned on');
  const handMoved = lumaGrid(withPatch(100, 280, 150, 320, 250, 200));
  assert.equal(sceneChangedOutside(reference, handMoved, [handAndForearmRegion(UPRIGHT)]), false, 'the tracked hand moved');
  assert.equal(sceneChangedOutside(reference, handMoved, []), true, 'the same change with no hand tracked there');
  const newHand = lumaGrid(withPatch(100, 500, 100, 560, 180, 200));
  assert.equal(sceneChangedOutside(reference, newHand, [handAndForearmRegion(UPRIGHT)]), true, 'something entered elsewhere');
});

test('frames of another size count as changed', () => {
  const small: RgbImage = { width: 320, height: 240, data: new Uint8Array(320 * 240 * 3).fill(100) };
  assert.equal(sceneChangedOutside(lumaGrid(grey(100)), lumaGrid(small), []), true);
});
