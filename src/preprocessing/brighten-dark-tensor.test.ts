import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertClose } from '../testing/assert-close.js';
import { DARK_MEAN, UNCHANGED_EXPOSURE, applyExposure, brightenDarkTensor, darkExposure, darkImageExposure } from './brighten-dark-tensor.js';

test('a dim input is multiplied up to a mean of 0.35 when its brightest values allow it', () => {
  // 700 values: mostly 0.2, some 0.1 (every 7th sample reads 0.1 or 0.2 as laid out below). Mean of the samples
  // is 0.19; the white point (99% of samples below it) is the step above 0.2: 52/256. Gain min(0.35/0.19,
  // 256/52) = 1.84; the median, 0.2, lifted to 0.37, is too dark still, so a gamma takes it to 0.55.
  const tensor = new Float32Array(700).fill(0.2);
  for (let i = 0; i < 700; i += 70) tensor[i] = 0.1;
  const { gain, gamma } = brightenDarkTensor(tensor);
  assertClose(gain, 0.35 / 0.19, 1e-6);
  // The median is read at the middle of its 1/256 step: (51 + 0.5) / 256.
  const liftedMedian = (51.5 / 256) * gain;
  assertClose(gamma, Math.log(0.55) / Math.log(liftedMedian), 1e-6);
  assertClose(tensor[1], Math.min(1, 0.2 * gain) ** gamma, 2e-3);
  assertClose(tensor[0], Math.min(1, 0.1 * gain) ** gamma, 2e-3);
  assert.ok(tensor[0]! < tensor[1]!, 'the curve keeps the order of values');
});

test('shadows crushed by a gamma are lifted more than highlights', () => {
  // A crop with values spread evenly over 0-0.8, through gamma 2.5: mean 0.8 ** 2.5 / 3.5 = 0.16, under DARK_MEAN.
  // Its white point (0.79 ** 2.5 = 0.56) limits the gain to 1.8, which leaves the median at 0.4 ** 2.5 * 1.8 = 0.18.
  const darkened = (value: number) => value ** 2.5;
  const tensor = Float32Array.from({ length: 7000 }, (_, i) => darkened((0.8 * (i % 1000)) / 1000));
  const exposure = darkExposure(tensor, tensor.length, 7);
  assert.ok(exposure.gain > 1.7 && exposure.gain < 1.9, `gain ${exposure.gain}`);
  assert.ok(exposure.gamma < 0.4 && exposure.gamma >= 1 / 3, `gamma ${exposure.gamma}`);
  const values = Float32Array.of(darkened(0.05), darkened(0.72));
  applyExposure(values, exposure);
  // A gain alone would leave the shadow at 0.001 and the highlight at 0.79; the curve brings the shadow into view.
  assert.ok(values[0]! > 0.05, `shadow ${values[0]}`);
  assert.ok(values[1]! > 0.9, `highlight ${values[1]}`);
});

test('the lift stops at a cube root, so a near-black input is not made out of its noise', () => {
  // 90% of the values at 0.001, 10% at 0.1: the gain (to the white point, 26/256) leaves the median at 0.02,
  // which would need a gamma of 0.15 to reach 0.55.
  const tensor = new Float32Array(700).fill(0.001);
  for (let i = 0; i < 700; i += 70) tensor[i] = 0.1;
  const { gamma } = darkExposure(tensor, tensor.length, 7);
  assertClose(gamma, 1 / 3, 1e-9);
});

test('the gain stops where the brightest 1% reach white, so nothing else clips', () => {
  // A tenth of the values at 0.5, the rest 0.08: mean 0.122, but the white point is 129/256, so the gain is
  // 256/129 = 1.98, not 0.35/0.122 = 2.87.
  const tensor = new Float32Array(1400).fill(0.08);
  for (let i = 0; i < 1400; i += 140) tensor[i] = 0.5;
  for (let i = 70; i < 1400; i += 140) tensor[i] = 0.5;
  const { gain } = brightenDarkTensor(tensor);
  assertClose(gain, 256 / 129, 1e-9);
  assert.ok(tensor.every((value) => value <= 1));
});

test('an input at or above DARK_MEAN, or black, is left alone', () => {
  const lit = new Float32Array(21).fill(DARK_MEAN);
  assert.equal(brightenDarkTensor(lit), UNCHANGED_EXPOSURE);
  assert.ok(lit.every((value) => value === Math.fround(DARK_MEAN)));
  const black = new Float32Array(21);
  assert.equal(brightenDarkTensor(black), UNCHANGED_EXPOSURE);
  assert.ok(black.every((value) => value === 0));
});

test('only the first `length` values are read and changed', () => {
  const tensor = new Float32Array(28).fill(0.9);
  tensor.fill(0.05, 0, 14);
  // Samples 0 and 7 read 0.05: gain min(0.35 / 0.05, 256 / 13) = 7, which takes the median to 0.35 (its step's
  // middle: 0.0508 * 7 = 0.355), then the curve to 0.55.
  const { gain } = brightenDarkTensor(tensor, 14);
  assertClose(gain, 7, 1e-6);
  assert.ok(tensor.subarray(0, 14).every((value) => Math.abs(value - 0.55) < 0.02));
  assert.ok(tensor.subarray(14).every((value) => value === Math.fround(0.9)));
});

test("an image's exposure is read from its bytes as a tensor's from its values", () => {
  // Bytes of 26 (0.102) and every tenth pixel 51 (0.2): dark, so lifted towards a mean of 0.35.
  const data = new Uint8Array(3000).fill(26);
  for (let i = 0; i < 3000; i += 30) data.fill(51, i, i + 3);
  const image = { width: 1000, height: 1, data };
  const tensor = Float32Array.from(data, (value) => value / 255);
  const fromImage = darkImageExposure(image);
  const fromTensor = darkExposure(tensor, tensor.length, 31);
  assertClose(fromImage.gain, fromTensor.gain, 1e-6);
  assertClose(fromImage.gamma, fromTensor.gamma, 1e-6);
  assert.ok(fromImage.gain > 1.5);
  assert.equal(darkImageExposure({ width: 1000, height: 1, data: new Uint8Array(3000).fill(128) }), UNCHANGED_EXPOSURE);
});

test('applyExposure multiplies and clips at white, and the unchanged exposure changes nothing', () => {
  const tensor = Float32Array.of(0.1, 0.3, 0.6);
  applyExposure(tensor, { gain: 2, gamma: 1 });
  assert.deepEqual([...tensor].map((value) => Math.round(value * 100) / 100), [0.2, 0.6, 1]);
  applyExposure(tensor, UNCHANGED_EXPOSURE);
  assert.deepEqual([...tensor].map((value) => Math.round(value * 100) / 100), [0.2, 0.6, 1]);
});
