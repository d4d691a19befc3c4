import { test } from 'node:test';
import { computeRotation, normalizeRadians, rotateVector } from './rotation.js';
import { assertClose } from '../../testing/assert-close.js';

test('normalizeRadians wraps into [-pi, pi)', () => {
  assertClose(normalizeRadians(0), 0);
  assertClose(normalizeRadians(Math.PI / 2), Math.PI / 2);
  // pi itself is outside the half-open range: pi - 2pi * floor(2pi / 2pi) = -pi.
  assertClose(normalizeRadians(Math.PI), -Math.PI);
  assertClose(normalizeRadians(-Math.PI), -Math.PI);
  // 3pi/2 - 2pi = -pi/2; -3pi/2 + 2pi = pi/2; 5pi = pi (mod 2pi) -> -pi.
  assertClose(normalizeRadians((3 * Math.PI) / 2), -Math.PI / 2);
  assertClose(normalizeRadians((-3 * Math.PI) / 2), Math.PI / 2);
  assertClose(normalizeRadians(5 * Math.PI), -Math.PI);
});

test('computeRotation with target pi/2: upright hand 0, pointing right +pi/2, pointing left -pi/2', () => {
  const wrist = { x: 100, y: 200 };
  // Knuckles straight above: atan2(-(100-200), 0) = atan2(100, 0) = pi/2 -> pi/2 - pi/2 = 0.
  assertClose(computeRotation(wrist, { x: 100, y: 100 }, Math.PI / 2), 0);
  // Knuckles to the right: atan2(0, 50) = 0 -> pi/2.
  assertClose(computeRotation(wrist, { x: 150, y: 200 }, Math.PI / 2), Math.PI / 2);
  // Knuckles to the left: atan2(0, -50) = pi -> pi/2 - pi = -pi/2.
  assertClose(computeRotation(wrist, { x: 50, y: 200 }, Math.PI / 2), -Math.PI / 2);
  // Knuckles below (upside-down hand): atan2(-50, 0) = -pi/2 -> pi, wrapped to -pi.
  assertClose(computeRotation(wrist, { x: 100, y: 250 }, Math.PI / 2), -Math.PI);
  // Up and to the right at 45 degrees: atan2(50, 50) = pi/4 -> pi/4.
  assertClose(computeRotation(wrist, { x: 150, y: 150 }, Math.PI / 2), Math.PI / 4);
});

test('rotateVector turns clockwise on screen', () => {
  // (1, 0) by +pi/2: (cos, sin) = (0, 1) -> (0, 1), i.e. from "right" to "down".
  const right = rotateVector(1, 0, Math.PI / 2);
  assertClose(right.x, 0);
  assertClose(right.y, 1);
  // "Up" (0, -1) by +pi/2: (0*0 - (-1)*1, 0*1 + (-1)*0) = (1, 0), i.e. up becomes right.
  const up = rotateVector(0, -1, Math.PI / 2);
  assertClose(up.x, 1);
  assertClose(up.y, 0);
  // (2, 0) by pi/3: (2 cos 60°, 2 sin 60°) = (1, sqrt 3).
  const v = rotateVector(2, 0, Math.PI / 3);
  assertClose(v.x, 1);
  assertClose(v.y, Math.sqrt(3));
});
