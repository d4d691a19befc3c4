import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PALM_RECT_TRANSFORM, palmDetectionToRect, transformRect } from './detection-to-rect.js';
import type { Detection, Point } from './types.js';
import { assertRectClose } from '../../testing/assert-close.js';

const OPTIONS = { scaleX: 2, scaleY: 2, shiftX: 0.25, shiftY: -0.5, squareLong: true };

/** A palm detection (normalised) whose only meaningful keypoints are the two the rect uses: 0 and 2. */
const palm = (box: Detection['box'], wrist: Point, middleMcp: Point): Detection => ({
  score: 0.9,
  box,
  keypoints: [wrist, { x: 0, y: 0 }, middleMcp],
});

test('transformRect without rotation shifts along the image axes, squares, then scales', () => {
  // Shift (40*0.25, 20*-0.5) = (10, -10); long side 40 -> 40x40, scaled to 80x80.
  const out = transformRect({ xCenter: 100, yCenter: 100, width: 40, height: 20, rotation: 0 }, OPTIONS);
  assertRectClose(out, { xCenter: 110, yCenter: 90, width: 80, height: 80, rotation: 0 });
  // Without squaring: 80 x 40.
  const plain = transformRect(
    { xCenter: 100, yCenter: 100, width: 40, height: 20, rotation: 0 },
    { ...OPTIONS, squareLong: false },
  );
  assertRectClose(plain, { xCenter: 110, yCenter: 90, width: 80, height: 40, rotation: 0 });
});

test('transformRect shifts along the rotated axes', () => {
  // r = pi/2: dx = 10*0 - (-10)*1 = 10, dy = 10*1 + (-10)*0 = 10. The rect's "up" (negative shiftY)
  // now points right, its "right" (positive shiftX) points down.
  const out = transformRect({ xCenter: 100, yCenter: 100, width: 40, height: 20, rotation: Math.PI / 2 }, OPTIONS);
  assertRectClose(out, { xCenter: 110, yCenter: 110, width: 80, height: 80, rotation: Math.PI / 2 });
});

test('palmDetectionToRect: upright palm moves up half a box and grows 2.6x', () => {
  // 640x480 image. Box centre ((0.25 + 0.0625)*640, (0.25 + 1/12)*480) = (200, 160), size 80x80.
  // Wrist (200, 192) straight below the middle MCP (200, 120): rotation 0.
  // Shift (0, 80 * -0.5) = (0, -40) -> centre (200, 120); size 80 * 2.6 = 208.
  const box = { xMin: 0.25, yMin: 0.25, width: 0.125, height: 1 / 6 };
  const rect = palmDetectionToRect(palm(box, { x: 0.3125, y: 0.4 }, { x: 0.3125, y: 0.25 }), 640, 480);
  assertRectClose(rect, { xCenter: 200, yCenter: 120, width: 208, height: 208, rotation: 0 });
});

test('palmDetectionToRect: palm pointing right rotates +pi/2 and shifts right', () => {
  // Wrist (200, 160), MCP (260, 160): atan2(0, 60) = 0 -> rotation pi/2.
  // Shift: rotate((0, -40), pi/2) = (0*0 - (-40)*1, 0*1 + (-40)*0) = (40, 0) -> centre (240, 160).
  const box = { xMin: 0.25, yMin: 0.25, width: 0.125, height: 1 / 6 };
  const rect = palmDetectionToRect(palm(box, { x: 200 / 640, y: 160 / 480 }, { x: 260 / 640, y: 160 / 480 }), 640, 480);
  assertRectClose(rect, { xCenter: 240, yCenter: 160, width: 208, height: 208, rotation: Math.PI / 2 });
});

test('palmDetectionToRect measures the angle in pixels, not normalised units', () => {
  // 200x100 image. Wrist (0.5, 0.5) -> (100, 50); MCP (0.6, 0.3) -> (120, 30): 45 degrees up-right in pixels
  // (atan2(20, 20) = pi/4), so rotation = pi/2 - pi/4 = pi/4. (In normalised units it would be atan2(0.2, 0.1).)
  // Box centre (100, 50), 40x40. Shift rotate((0, -20), pi/4) = (20 sin45, -20 cos45) = (14.1421, -14.1421).
  const box = { xMin: 0.4, yMin: 0.3, width: 0.2, height: 0.4 };
  const rect = palmDetectionToRect(palm(box, { x: 0.5, y: 0.5 }, { x: 0.6, y: 0.3 }), 200, 100);
  const h = 20 * Math.SQRT1_2;
  assertRectClose(rect, { xCenter: 100 + h, yCenter: 50 - h, width: 104, height: 104, rotation: Math.PI / 4 });
});

test('palm transform constants match palm_detection_detection_to_roi.pbtxt', () => {
  assert.deepEqual(PALM_RECT_TRANSFORM, { scaleX: 2.6, scaleY: 2.6, shiftX: 0, shiftY: -0.5, squareLong: true });
});

test('a detection without the wrist and middle-MCP keypoints is rejected', () => {
  const detection = { score: 1, box: { xMin: 0, yMin: 0, width: 1, height: 1 }, keypoints: [{ x: 0, y: 0 }] };
  assert.throws(() => palmDetectionToRect(detection, 10, 10), RangeError);
});
