import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertClose } from '../../testing/assert-close.js';
import { angleBetween, cross, distance, dot, length, normalize, subtract } from './vector3.js';

test('vector arithmetic on worked values', () => {
  const a = { x: 1, y: 2, z: 2 };
  const b = { x: 4, y: 6, z: 2 };
  assert.deepEqual(subtract(b, a), { x: 3, y: 4, z: 0 });
  // 1*4 + 2*6 + 2*2 = 20.
  assert.equal(dot(a, b), 20);
  assert.equal(length(a), 3);
  assert.equal(distance(a, b), 5);
  // x cross y = z.
  assert.deepEqual(cross({ x: 1, y: 0, z: 0 }, { x: 0, y: 1, z: 0 }), { x: 0, y: 0, z: 1 });
  assert.deepEqual(normalize({ x: 0, y: 0, z: 5 }), { x: 0, y: 0, z: 1 });
  assert.deepEqual(normalize({ x: 0, y: 0, z: 0 }), { x: 0, y: 0, z: 0 }, 'a zero vector stays zero, not NaN');
});

test('angleBetween gives degrees from 0 to 180 and 0 for a zero vector', () => {
  const right = { x: 1, y: 0, z: 0 };
  assertClose(angleBetween(right, { x: 2, y: 0, z: 0 }), 0);
  assertClose(angleBetween(right, { x: 0, y: 3, z: 0 }), 90);
  assertClose(angleBetween(right, { x: -1, y: 0, z: 0 }), 180);
  assertClose(angleBetween(right, { x: 1, y: 1, z: 0 }), 45, 1e-9);
  assert.equal(angleBetween(right, { x: 0, y: 0, z: 0 }), 0);
});
