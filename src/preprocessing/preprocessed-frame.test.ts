import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { CapturedFrame } from '../ingestion/captured-frame.js';
import { createExtractionResult } from '../extraction/hand-landmarker-result.js';
import { mapResultToSource } from '../extraction/map-to-source.js';
import { preprocessConfigSchema } from './preprocess-config.js';
import { preprocessFrame } from './preprocessed-frame.js';

function captured(width: number, height: number): CapturedFrame {
  const data = new Uint8Array(width * height * 3).map((_, i) => (i * 7) % 256);
  return { frame: { data, width, height }, timestamp: 0, frameNumber: 0, ageMs: 0, metadata: { width, height, channels: 3 } };
}

describe('preprocessFrame', () => {
  it('hands the models the captured frame itself when no crop or resize is configured', () => {
    const frame = captured(8, 6);
    const pre = preprocessFrame(frame, preprocessConfigSchema.parse({}));
    assert.equal(pre.image, frame.frame);
    assert.deepEqual(pre.transform, { offsetX: 0, offsetY: 0, scaleX: 1, scaleY: 1 });
  });

  it('computes the configured pixels once, on demand', () => {
    const pre = preprocessFrame(captured(8, 6), preprocessConfigSchema.parse({ colorSpace: 'gray', normalize: true }));
    const view = pre.view();
    assert.equal(view.channels, 1);
    assert.ok(view.data instanceof Float32Array);
    assert.ok(Math.max(...view.data) <= 1);
    assert.equal(pre.view(), view, 'kept, not recomputed');
    assert.equal(pre.pixels().data.length, 48);
  });

  it('crops then resizes, with the scale factors back to the captured frame', () => {
    const pre = preprocessFrame(captured(100, 80), preprocessConfigSchema.parse({ crop: { x: 20, y: 10, width: 60, height: 40 }, resize: { width: 30, height: 80 } }));
    assert.deepEqual([pre.image.width, pre.image.height], [30, 80]);
    assert.deepEqual(pre.transform, { offsetX: 20, offsetY: 10, scaleX: 0.5, scaleY: 2 });
  });

  it('takes a frame the source already scaled to the configured size as it is, mapping back to its own pixels', () => {
    // A 1920x1080 frame that ffmpeg scaled to 640x360 while decoding.
    const frame = scaledWhileDecoding(captured(640, 360), 1920, 1080);
    const pre = preprocessFrame(frame, preprocessConfigSchema.parse({ resize: { width: 640, height: 360 } }));
    assert.equal(pre.image, frame.frame, 'no second resize, no copy');
    assert.deepEqual(pre.sourceSize, { width: 1920, height: 1080 });
    assert.deepEqual(pre.transform, { offsetX: 0, offsetY: 0, scaleX: 1 / 3, scaleY: 1 / 3 });
  });

  it("crops a scaled frame where the crop falls in it, the crop being in the frame's own pixels", () => {
    // The 200x100 frame was decoded at half size; the crop 40,20 60x30 of its own pixels is 20,10 30x15 here.
    const frame = scaledWhileDecoding(captured(100, 50), 200, 100);
    const pre = preprocessFrame(frame, preprocessConfigSchema.parse({ crop: { x: 40, y: 20, width: 60, height: 30 } }));
    assert.deepEqual([pre.image.width, pre.image.height], [30, 15]);
    assert.deepEqual(pre.transform, { offsetX: 40, offsetY: 20, scaleX: 0.5, scaleY: 0.5 });
    assert.deepEqual(Array.from(pre.image.data.subarray(0, 3)), Array.from(frame.frame.data.subarray((10 * 100 + 20) * 3, (10 * 100 + 20) * 3 + 3)));
  });
});

function scaledWhileDecoding(frame: CapturedFrame, width: number, height: number): CapturedFrame {
  return { ...frame, metadata: { ...frame.metadata, decodedFrom: { width, height } } };
}

describe('mapResultToSource', () => {
  it('moves landmarks, boxes and normalised coordinates back to the captured frame', () => {
    const point = { x: 0.5, y: 0.25, z: 0.1, pixelX: 15, pixelY: 20, visibility: 0.9 };
    const hand = {
      handLabel: 'Left' as const,
      handednessScore: 0.9,
      landmarks: [point],
      worldLandmarks: [{ x: 0.01, y: 0.02, z: 0.03 }],
      confidence: 0.9,
      wristPosition: { x: 15, y: 20 },
      palmCenter: { x: 15, y: 20 },
      boundingBox: { x: 10, y: 10, width: 10, height: 40 },
    };
    const timings = { preprocessMs: 0, palmModelMs: 0, landmarkModelMs: 0, postprocessMs: 0 };
    const result = createExtractionResult({ hands: [hand], extractionLatencyMs: 1, frameTimestamp: 5, imageWidth: 30, imageHeight: 80, timings });
    const mapped = mapResultToSource(result, { offsetX: 20, offsetY: 10, scaleX: 0.5, scaleY: 2 }, 100, 80);
    const moved = mapped.hands[0]!.landmarks[0]!;
    assert.deepEqual([moved.pixelX, moved.pixelY], [50, 20]);
    assert.deepEqual([moved.x, moved.y], [0.5, 0.25]);
    // 0.1 of 30 px = 3 px of depth, 6 captured pixels, 0.06 of the captured width.
    assert.ok(Math.abs(moved.z - 0.06) < 1e-12);
    assert.deepEqual(mapped.hands[0]!.boundingBox, { x: 40, y: 15, width: 20, height: 20 });
    assert.deepEqual(mapped.hands[0]!.worldLandmarks, hand.worldLandmarks);
    assert.deepEqual([mapped.imageWidth, mapped.imageHeight, mapped.handsDetected], [100, 80, 1]);
    assert.equal(mapped.getHand('Left'), mapped.hands[0]);
  });
});
