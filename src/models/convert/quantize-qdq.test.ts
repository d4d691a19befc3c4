import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import ort from '../onnx-runtime.js';

import { HandflowError } from '../../core/errors.js';
import { handLandmarksToRect } from '../../extraction/geometry/landmarks-to-rect.js';
import { HandLandmarker } from '../../extraction/hand-landmarker.js';
import { LANDMARK_INPUT_SIZE, writeLandmarkInput } from '../../extraction/landmark-model.js';
import { createSession } from '../../extraction/onnx-model.js';
import { decodeVideoFrames } from '../../ingestion/video-decoder.js';
import { sharedData } from '../../testing/shared-data.js';
import { ensureOnnxModel } from '../model-store.js';
import { activationParameters, quantizeWeights } from './quantize-qdq.js';

describe('int8 quantization', () => {
  test('an activation range maps onto 0-255 with zero exact, a range on one side of zero included', () => {
    const { scale, zeroPoint } = activationParameters({ min: -1, max: 3 });
    assert.ok(Math.abs(scale - 4 / 255) < 1e-9);
    assert.equal(zeroPoint, 64);
    assert.equal(Math.round(0 / scale) + zeroPoint, zeroPoint, 'zero is a step exactly');
    assert.deepEqual(activationParameters({ min: 0.5, max: 6 }), { scale: 6 / 255, zeroPoint: 0 });
    assert.equal(activationParameters({ min: -2, max: -1 }).zeroPoint, 255);
  });

  test('weights are int8 per output channel: each channel\'s largest weight is ±127, and each weight within half a step', () => {
    const values = Float32Array.of(0.5, -0.2, 0.1, /* channel 2 */ -4, 2, 1, /* channel 3, all zero */ 0, 0, 0);
    const { quantized, scales } = quantizeWeights(values, 3);
    assert.deepEqual([...quantized.slice(0, 3)], [127, -51, 25]);
    assert.deepEqual([...quantized.slice(3, 6)], [-127, 64, 32]);
    assert.deepEqual([...quantized.slice(6)], [0, 0, 0]);
    values.forEach((value, index) => assert.ok(Math.abs(quantized[index]! * scales[Math.floor(index / 3)]! - value) <= scales[Math.floor(index / 3)]! / 2 + 1e-9));
  });

  test('the int8 landmark model gives nearly the float model\'s landmarks on real hand crops', async () => {
    const landmarker = await HandLandmarker.create();
    const crops: Float32Array[] = [];
    try {
      for await (const frame of decodeVideoFrames(sharedData('landmarks-reference/asl_hand.25fps.mp4'))) {
        if (frame.index % 10 !== 0) continue;
        const hand = (await landmarker.detectForVideo(frame.image, frame.timestampMs)).hands[0];
        if (hand === undefined) continue;
        const crop = new Float32Array(LANDMARK_INPUT_SIZE * LANDMARK_INPUT_SIZE * 3);
        writeLandmarkInput(frame.image, handLandmarksToRect(hand.landmarks.map((point) => ({ x: point.pixelX, y: point.pixelY }))), crop);
        crops.push(crop);
      }
    } finally {
      await landmarker.close();
    }
    assert.ok(crops.length >= 30);
    const [float, int8] = await Promise.all(
      (['float32', 'int8'] as const).map(async (precision) => createSession(await ensureOnnxModel('hand_landmark_full', undefined, precision), precision, 1)),
    );
    const shifts: number[] = [];
    for (const crop of crops) {
      const tensor = new ort.Tensor('float32', crop, [1, LANDMARK_INPUT_SIZE, LANDMARK_INPUT_SIZE, 3]);
      const [a, b] = [(await float!.run({ [float!.inputNames[0]!]: tensor }))[float!.outputNames[0]!]!.data as Float32Array, (await int8!.run({ [int8!.inputNames[0]!]: tensor }))[int8!.outputNames[0]!]!.data as Float32Array];
      for (let point = 0; point < 21; point++) shifts.push(Math.hypot(a[point * 3]! - b[point * 3]!, a[point * 3 + 1]! - b[point * 3 + 1]!));
    }
    shifts.sort((x, y) => x - y);
    const median = shifts[shifts.length >> 1]!;
    // In the model's 224-pixel crop: about half a pixel, against 15 px and more when the quantizer is wrong.
    assert.ok(median < 1.5, `median shift ${median.toFixed(2)} px of 224`);
    await Promise.all([float!.release(), int8!.release()]);
  });

  test('int8 is refused for a model it is not calibrated for, naming what to use', async () => {
    await assert.rejects(HandLandmarker.create({ model: 'lite', precision: 'int8' }), (error: unknown) => error instanceof HandflowError && error.code === 'INVALID_OPTION' && /full landmark model only/.test(error.message));
  });
});
