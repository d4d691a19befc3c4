import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertClose } from '../testing/assert-close.js';
import { DARK_MEAN, brightenDarkTensor } from './brighten-dark-tensor.js';

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
