import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertClose } from '../../testing/assert-close.js';
import { CursorSmoother } from './cursor-smoother.js';
import { PinchClick } from './pinch-click.js';
import { frameToScreen } from './screen-mapping.js';
import { ScrollAccumulator } from './scroll-accumulator.js';

const SCREEN = { width: 1281, height: 801 };

describe('frameToScreen', () => {
  test('the frame within the margin covers the whole screen', () => {
    assert.deepEqual(frameToScreen({ x: 0.15, y: 0.15 }, 0.15, SCREEN), { x: 0, y: 0 });
    assert.deepEqual(frameToScreen({ x: 0.85, y: 0.85 }, 0.15, SCREEN), { x: 1280, y: 800 });
    assert.deepEqual(frameToScreen({ x: 0.5, y: 0.5 }, 0.15, SCREEN), { x: 640, y: 400 });
    const quarter = frameToScreen({ x: 0.325, y: 0.675 }, 0.15, SCREEN);
    assertClose(quarter.x, 320, 1e-9, 'x');
    assertClose(quarter.y, 600, 1e-9, 'y');
  });

  test('points in the margin hold the cursor at the edge', () => {
    assert.deepEqual(frameToScreen({ x: 0.02, y: 0.99 }, 0.15, SCREEN), { x: 0, y: 800 });
    assert.deepEqual(frameToScreen({ x: -0.1, y: 1.2 }, 0, SCREEN), { x: 0, y: 800 });
  });
});

describe('PinchClick', () => {
  test('a short pinch clicks when let go, holding the cursor meanwhile', () => {
    const pinch = new PinchClick(400);
    assert.equal(pinch.update(true, 0), undefined);
    assert.equal(pinch.holdsCursor, true);
    assert.equal(pinch.update(true, 399), undefined);
    assert.equal(pinch.update(false, 420), 'click');
    assert.equal(pinch.holdsCursor, false);
    assert.equal(pinch.update(false, 450), undefined);
  });

  test('a pinch held for holdMs presses once, and letting go releases: a drag', () => {
    const pinch = new PinchClick(400);
    pinch.update(true, 1000);
    assert.equal(pinch.update(true, 1400), 'press');
    assert.equal(pinch.dragging, true);
    assert.equal(pinch.holdsCursor, false, 'the cursor follows the hand while dragging');
    assert.equal(pinch.update(true, 1500), undefined);
    assert.equal(pinch.update(false, 1600), 'release');
    assert.equal(pinch.dragging, false);
  });

  test('a hand lost mid-pinch is no click, but a held button is let go', () => {
    const pinch = new PinchClick(400);
    pinch.update(true, 0);
    assert.equal(pinch.cancel(), undefined);
    assert.equal(pinch.update(false, 100), undefined);
    pinch.update(true, 200);
    pinch.update(true, 700);
    assert.equal(pinch.cancel(), 'release');
  });

  test('time going back (a new stream) restarts the pinch rather than pressing', () => {
    const pinch = new PinchClick(400);
    pinch.update(true, 5000);
    assert.equal(pinch.update(true, 10), undefined);
    assert.equal(pinch.update(true, 409), undefined);
    assert.equal(pinch.update(true, 410), 'press');
  });
});

describe('ScrollAccumulator', () => {
  test('moving down a whole frame scrolls the configured notches down, fractions carried', () => {
    // Heights in eighths, which binary fractions hold exactly.
    const scroll = new ScrollAccumulator(8);
    assert.equal(scroll.update(0.25), 0, 'the first position only sets the start');
    assert.equal(scroll.update(0.3125), 0);
    assert.equal(scroll.update(0.375), 1);
    assert.equal(scroll.update(0.625), 2);
    assert.equal(scroll.update(0.25), -3, 'moving up scrolls up');
  });

  test('after a reset the next position is a new start', () => {
    const scroll = new ScrollAccumulator(10);
    scroll.update(0.1);
    scroll.reset();
    assert.equal(scroll.update(0.9), 0);
  });
});

describe('CursorSmoother', () => {
  test('takes the first point as it is, then follows a still target until it is there', () => {
    const smoother = new CursorSmoother({ minCutoff: 1, beta: 5 });
    assert.deepEqual(smoother.apply({ x: 100, y: 200 }, 0, SCREEN), { x: 100, y: 200 });
    const first = smoother.apply({ x: 600, y: 200 }, 33, SCREEN);
    assert.ok(first.x > 100 && first.x < 600, `one frame on it is between: ${first.x}`);
    let point = first;
    for (let frame = 2; frame <= 90; frame++) point = smoother.apply({ x: 600, y: 200 }, frame * 33, SCREEN);
    assertClose(point.x, 600, 0.5, 'x after 3 s');
    assertClose(point.y, 200, 1e-9, 'y');
  });
});
