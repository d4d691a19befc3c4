import { test } from 'node:test';
import assert from 'node:assert/strict';
import { letterboxPadding, removeDetectionLetterbox } from './remove-letterbox.js';
import { assertClose } from '../../testing/assert-close.js';

test('letterboxPadding: landscape pads top and bottom, portrait pads the sides, square none', () => {
  // 640x480 into 192x192: image aspect 0.75 < 1, scaled to 192x144, 24 rows each side = 24/192 = 0.125.
  assert.deepEqual(letterboxPadding(640, 480, 192, 192), { left: 0, top: 0.125, right: 0, bottom: 0.125 });
  // 480x640 into 192x192: aspect 4/3 > 1 -> (1 - 1/(4/3))/2 = (1 - 0.75)/2 = 0.125 on the sides.
  const portrait = letterboxPadding(480, 640, 192, 192);
  assertClose(portrait.left, 0.125);
  assertClose(portrait.right, 0.125);
  assert.equal(portrait.top, 0);
  assert.equal(portrait.bottom, 0);
  assert.deepEqual(letterboxPadding(500, 500, 224, 224), { left: 0, top: 0, right: 0, bottom: 0 });
  // 1280x720 into 256x128 (aspect 0.5 < 0.5625): scaled to 227.56x128 -> (1 - 0.5/0.5625)/2 = 1/18 a side.
  const wide = letterboxPadding(1280, 720, 256, 128);
  assertClose(wide.left, 1 / 18);
  assertClose(wide.right, 1 / 18);
  assert.equal(wide.top, 0);
});

test('removeDetectionLetterbox maps the content band back onto [0, 1]', () => {
  const padding = { left: 0, top: 0.125, right: 0, bottom: 0.125 };
  const out = removeDetectionLetterbox(
    {
      score: 0.7,
      box: { xMin: 0.25, yMin: 0.125, width: 0.5, height: 0.375 },
      keypoints: [
        { x: 0.5, y: 0.5 },
        { x: 0.1, y: 0.875 },
      ],
    },
    padding,
  );
  // Content height is 1 - 0.25 = 0.75: y' = (y - 0.125)/0.75, h' = h/0.75. x is untouched (no side padding).
  assert.equal(out.score, 0.7);
  assertClose(out.box.xMin, 0.25);
  assertClose(out.box.width, 0.5);
  assertClose(out.box.yMin, 0); // top of the content band
  assertClose(out.box.height, 0.5); // 0.375 / 0.75
  assertClose(out.keypoints[0]?.x, 0.5);
  assertClose(out.keypoints[0]?.y, 0.5); // the centre stays the centre
  assertClose(out.keypoints[1]?.x, 0.1);
  assertClose(out.keypoints[1]?.y, 1); // bottom of the content band
});
