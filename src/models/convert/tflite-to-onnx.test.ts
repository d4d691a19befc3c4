import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import ort from '../onnx-runtime.js';
import sharp from 'sharp';
import { loadLiteRtModel } from '../../testing/litert-runner.js';
import { sharedData } from '../../testing/shared-data.js';
import { MEDIAPIPE_MODEL_NAMES, readMediapipeModel } from '../mediapipe-assets.js';
import { convertTfliteToOnnx } from './tflite-to-onnx.js';

/** Real photos of hands, squashed to the model's input size as plain RGB in [0, 1] (NHWC). */
const PHOTOS = [
  'landmarks-reference/hands.jpg',
  'mediapipe-samples/thumb_up.jpg',
  'finger-count-epsrc/testing_set/3/three_102.jpg',
];

async function photoTensor(relativePath: string, size: number): Promise<Float32Array> {
  const pixels = await sharp(sharedData(relativePath)).removeAlpha().resize(size, size, { fit: 'fill' }).raw().toBuffer();
  return Float32Array.from(pixels, (value) => value / 255);
}

function maxAbsDifference(a: Float32Array, b: Float32Array): number {
  assert.equal(a.length, b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

function largestMagnitude(values: Float32Array): number {
  return values.reduce((max, value) => Math.max(max, Math.abs(value)), 0);
}

describe('TFLite to ONNX conversion', () => {
  for (const name of MEDIAPIPE_MODEL_NAMES) {
    test(`${name}: ONNX Runtime on the converted model agrees with LiteRT on the original`, async () => {
      const tflite = await readMediapipeModel(name);
      const session = await ort.InferenceSession.create(convertTfliteToOnnx(tflite, name), { intraOpNumThreads: 1 });
      const reference = await loadLiteRtModel(tflite);
      const size = name.startsWith('palm') ? 192 : 224;
      const shape = [1, size, size, 3];
      for (const photo of PHOTOS) {
        const input = await photoTensor(photo, size);
        const expected = await reference.run(input, shape);
        const actual = await session.run({ [session.inputNames[0]!]: new ort.Tensor('float32', input, shape) });
        assert.equal(session.outputNames.length, expected.length);
        session.outputNames.forEach((outputName, index) => {
          const got = actual[outputName]!.data as Float32Array;
          const want = expected[index]!;
          // Outputs range from probabilities to pixel coordinates (0-224) and raw box offsets: compare
          // relative to each output's own scale, with 1e-3 absolute as the floor for small outputs.
          const tolerance = Math.max(1e-3, 1e-5 * largestMagnitude(want));
          const difference = maxAbsDifference(got, want);
          assert.ok(difference <= tolerance, `${name} ${outputName} on ${photo}: max |difference| ${difference} > ${tolerance}`);
        });
      }
      await session.release();
    });
  }
});
