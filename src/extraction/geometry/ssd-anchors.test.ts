import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PALM_DETECTION_ANCHOR_OPTIONS, generateSsdAnchors, type SsdAnchorOptions } from './ssd-anchors.js';
import type { Anchor } from './types.js';
import { assertClose } from '../../testing/assert-close.js';

const assertAnchor = (anchor: Anchor | undefined, expected: Anchor): void => {
  assert.ok(anchor);
  assertClose(anchor.xCenter, expected.xCenter, 1e-9, 'xCenter');
  assertClose(anchor.yCenter, expected.yCenter, 1e-9, 'yCenter');
  assertClose(anchor.width, expected.width, 1e-9, 'width');
  assertClose(anchor.height, expected.height, 1e-9, 'height');
};

test('palm detector anchors: 24*24*2 + 12*12*6 = 2016, in MediaPipe order', () => {
  const anchors = generateSsdAnchors(PALM_DETECTION_ANCHOR_OPTIONS);
  assert.equal(anchors.length, 2016);
  // Stride 8 -> 192/8 = 24 cells a side; layer 0 gives aspect 1.0 plus the interpolated one: 2 per cell.
  assertAnchor(anchors[0], { xCenter: 0.5 / 24, yCenter: 0.5 / 24, width: 1, height: 1 });
  assertAnchor(anchors[1], { xCenter: 0.5 / 24, yCenter: 0.5 / 24, width: 1, height: 1 });
  // Next cell along x.
  assertAnchor(anchors[2], { xCenter: 1.5 / 24, yCenter: 0.5 / 24, width: 1, height: 1 });
  // Second row starts after 24 cells * 2 anchors = 48.
  assertAnchor(anchors[48], { xCenter: 0.5 / 24, yCenter: 1.5 / 24, width: 1, height: 1 });
  // The three stride-16 layers share a 12x12 map, 3 layers * 2 = 6 anchors per cell, starting at 24*24*2 = 1152.
  assertAnchor(anchors[1152], { xCenter: 0.5 / 12, yCenter: 0.5 / 12, width: 1, height: 1 });
  assertAnchor(anchors[1157], { xCenter: 0.5 / 12, yCenter: 0.5 / 12, width: 1, height: 1 });
  assertAnchor(anchors[1158], { xCenter: 1.5 / 12, yCenter: 0.5 / 12, width: 1, height: 1 });
  assertAnchor(anchors[2015], { xCenter: 11.5 / 12, yCenter: 11.5 / 12, width: 1, height: 1 });
});

const SMALL: SsdAnchorOptions = {
  inputWidth: 16,
  inputHeight: 16,
  minScale: 0.2,
  maxScale: 0.6,
  anchorOffsetX: 0.5,
  anchorOffsetY: 0.5,
  numLayers: 2,
  strides: [8, 16],
  aspectRatios: [1, 4],
  interpolatedScaleAspectRatio: 1,
  reduceBoxesInLowestLayer: false,
  fixedAnchorSize: false,
};

test('anchor sizes when not fixed: scales per layer, aspect ratios, interpolated scale', () => {
  const anchors = generateSsdAnchors(SMALL);
  // Layer 0: 2x2 cells x 3 shapes; layer 1: 1x1 cell x 3 shapes.
  assert.equal(anchors.length, 15);
  // Layer 0 scale = minScale = 0.2. Ratio 1: 0.2 x 0.2. Ratio 4: w = 0.2*2 = 0.4, h = 0.2/2 = 0.1.
  // Interpolated: sqrt(0.2 * scale(layer 1) = 0.6) = sqrt(0.12) square.
  assertAnchor(anchors[0], { xCenter: 0.25, yCenter: 0.25, width: 0.2, height: 0.2 });
  assertAnchor(anchors[1], { xCenter: 0.25, yCenter: 0.25, width: 0.4, height: 0.1 });
  assertAnchor(anchors[2], { xCenter: 0.25, yCenter: 0.25, width: Math.sqrt(0.12), height: Math.sqrt(0.12) });
  assertAnchor(anchors[3], { xCenter: 0.75, yCenter: 0.25, width: 0.2, height: 0.2 });
  assertAnchor(anchors[6], { xCenter: 0.25, yCenter: 0.75, width: 0.2, height: 0.2 });
  // Layer 1 (last) scale = maxScale = 0.6; ratio 4: 1.2 x 0.3; interpolated uses next scale 1: sqrt(0.6).
  assertAnchor(anchors[12], { xCenter: 0.5, yCenter: 0.5, width: 0.6, height: 0.6 });
  assertAnchor(anchors[13], { xCenter: 0.5, yCenter: 0.5, width: 1.2, height: 0.3 });
  assertAnchor(anchors[14], { xCenter: 0.5, yCenter: 0.5, width: Math.sqrt(0.6), height: Math.sqrt(0.6) });
});

test('reduceBoxesInLowestLayer replaces layer 0 shapes with 0.1 square, 2:1 and 1:2 at the layer scale', () => {
  const anchors = generateSsdAnchors({ ...SMALL, reduceBoxesInLowestLayer: true });
  // Ratio 2 at scale 0.2: w = 0.2*sqrt2, h = 0.2/sqrt2; ratio 0.5 swaps them.
  assertAnchor(anchors[0], { xCenter: 0.25, yCenter: 0.25, width: 0.1, height: 0.1 });
  assertAnchor(anchors[1], { xCenter: 0.25, yCenter: 0.25, width: 0.2 * Math.SQRT2, height: 0.2 / Math.SQRT2 });
  assertAnchor(anchors[2], { xCenter: 0.25, yCenter: 0.25, width: 0.2 / Math.SQRT2, height: 0.2 * Math.SQRT2 });
});

test('a stride count that does not match numLayers is rejected', () => {
  assert.throws(() => generateSsdAnchors({ ...SMALL, numLayers: 3 }), RangeError);
});
