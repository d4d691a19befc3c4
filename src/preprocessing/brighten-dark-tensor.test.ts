import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertClose } from '../testing/assert-close.js';
import { DARK_MEAN, applyGain, brightenDarkTensor, darkExposureGain, darkImageGain } from './brighten-dark-tensor.js';

test('a dim input is multiplied up to a mean of 0.35 when its brightest values allow it', () => {
  // 700 values: mostly 0.1, some 0.2 (every 7th sample reads 0.1 or 0.2 as laid out below). Mean of the samples
  // is 0.11; the white point (99% of samples below it) is the step above 0.2: 52/256. Gain min(0.35/0.11, 256/52)
  // = 3.18.
  const tensor = new Float32Array(700).fill(0.1);
  for (let i = 0; i < 700; i += 70) tensor[i] = 0.2;
  const gain = brightenDarkTensor(tensor);
  assertClose(gain, 0.35 / 0.11, 1e-6);
  assertClose(tensor[1], 0.1 * gain, 1e-6);
  assertClose(tensor[0], 0.2 * gain, 1e-6);
});

test('the gain stops where the brightest 1% reach white, so nothing else clips', () => {
  // A tenth of the values at 0.5, the rest 0.08: mean 0.122, but the white point is 129/256, so the gain is
  // 256/129 = 1.98, not 0.35/0.122 = 2.87.
  const tensor = new Float32Array(1400).fill(0.08);
  for (let i = 0; i < 1400; i += 140) tensor[i] = 0.5;
  for (let i = 70; i < 1400; i += 140) tensor[i] = 0.5;
  const gain = brightenDarkTensor(tensor);
  assertClose(gain, 256 / 129, 1e-9);
  assert.ok(tensor.every((value) => value <= 1));
});

test('an input at or above DARK_MEAN, or black, is left alone', () => {
  const lit = new Float32Array(21).fill(DARK_MEAN);
  assert.equal(brightenDarkTensor(lit), 1);
  assert.ok(lit.every((value) => value === Math.fround(DARK_MEAN)));
  const black = new Float32Array(21);
  assert.equal(brightenDarkTensor(black), 1);
  assert.ok(black.every((value) => value === 0));
});

test('only the first `length` values are read and changed', () => {
  const tensor = new Float32Array(28).fill(0.9);
  tensor.fill(0.05, 0, 14);
  // Samples 0 and 7 read 0.05: gain min(0.35 / 0.05, 256 / 13) = 7.
  assertClose(brightenDarkTensor(tensor, 14), 7, 1e-6);
  assert.ok(tensor.subarray(0, 14).every((value) => Math.abs(value - 0.35) < 1e-6));
  assert.ok(tensor.subarray(14).every((value) => value === Math.fround(0.9)));
});

test("an image's gain is read from its bytes as a tensor's from its values", () => {
  // Bytes of 26 (0.102) and every tenth pixel 51 (0.2): dark, so lifted towards a mean of 0.35.
  const data = new Uint8Array(3000).fill(26);
  for (let i = 0; i < 3000; i += 30) data.fill(51, i, i + 3);
  const image = { width: 1000, height: 1, data };
  const tensor = Float32Array.from(data, (value) => value / 255);
  assertClose(darkImageGain(image), darkExposureGain(tensor, tensor.length, 31), 1e-6);
  assert.ok(darkImageGain(image) > 2.5);
  assert.equal(darkImageGain({ width: 1000, height: 1, data: new Uint8Array(3000).fill(128) }), 1);
});

test('applyGain multiplies and clips at white, and a gain of 1 changes nothing', () => {
  const tensor = Float32Array.of(0.1, 0.3, 0.6);
  applyGain(tensor, 2);
  assert.deepEqual([...tensor].map((value) => Math.round(value * 100) / 100), [0.2, 0.6, 1]);
  applyGain(tensor, 1);
  assert.deepEqual([...tensor].map((value) => Math.round(value * 100) / 100), [0.2, 0.6, 1]);
});
