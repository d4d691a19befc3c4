import type { Vector3 } from '../geometry/vector3.js';

/**
 * A model hand for tests, built joint by joint so that every measure can be worked out by hand: a right
 * hand, palm facing the camera (+z towards the camera is "out of the palm"), fingers pointing up the image
 * (-y), palm length 100 px from the wrist at (0, 0, 0) to the middle knuckle at (0, -100, 0).
 */
export interface SyntheticHandPose {
  /** Thumb to pinky: held out straight, or folded. */
  extended: readonly boolean[];
}

/** Knuckle positions and bone lengths (proximal, middle, distal) of index to pinky. */
const FINGERS = [
  { knuckle: { x: -35, y: -95 }, bones: [40, 25, 20] },
  { knuckle: { x: 0, y: -100 }, bones: [45, 28, 22] },
  { knuckle: { x: 30, y: -93 }, bones: [42, 26, 21] },
  { knuckle: { x: 55, y: -80 }, bones: [33, 20, 18] },
] as const;

/** A folded finger bends 80 degrees at the knuckle and 90 at each of its two outer joints, towards the palm. */
const FOLDED_JOINT_DEGREES = [80, 90, 90];

export function syntheticHand({ extended }: SyntheticHandPose): Vector3[] {
  const points: Vector3[] = [{ x: 0, y: 0, z: 0 }];
  points.push(...thumb(extended[0]!));
  FINGERS.forEach(({ knuckle, bones }, index) => {
    const joints = extended[index + 1] ? [0, 0, 0] : FOLDED_JOINT_DEGREES;
    points.push(...chain({ ...knuckle, z: 0 }, bones, joints));
  });
  return points;
}

/**
 * The thumb: out, it points up and away from the index side at 45 degrees, straight; folded, it lies across
 * the palm towards the pinky side, its tip over the ring knuckle's base.
 */
function thumb(extended: boolean): Vector3[] {
  const cmc = { x: -25, y: -20, z: 5 };
  if (extended) {
    const step = (distance: number) => ({ x: cmc.x - distance * Math.SQRT1_2, y: cmc.y - distance * Math.SQRT1_2, z: cmc.z });
    return [cmc, step(35), step(65), step(90)];
  }
  return [cmc, { x: -30, y: -50, z: 15 }, { x: -5, y: -65, z: 25 }, { x: 20, y: -65, z: 30 }];
}

/** A finger from its knuckle straight up the image, each joint bending by the given degrees towards +z. */
function chain(knuckle: Vector3, bones: readonly number[], jointDegrees: readonly number[]): Vector3[] {
  const points = [knuckle];
  let angle = 0;
  let at = knuckle;
  bones.forEach((bone, index) => {
    angle += (jointDegrees[index]! * Math.PI) / 180;
    at = { x: at.x, y: at.y - bone * Math.cos(angle), z: at.z + bone * Math.sin(angle) };
    points.push(at);
  });
  return points;
}

/** Turns points about the x, y and z axes in that order (degrees) and moves them, as a hand turned in space. */
export function transformHand(points: readonly Vector3[], degrees: { x?: number; y?: number; z?: number }, offset: Vector3 = { x: 0, y: 0, z: 0 }): Vector3[] {
  const [ax, ay, az] = [degrees.x ?? 0, degrees.y ?? 0, degrees.z ?? 0].map((value) => (value * Math.PI) / 180) as [number, number, number];
  return points.map(({ x, y, z }) => {
    // About x.
    [y, z] = [y * Math.cos(ax) - z * Math.sin(ax), y * Math.sin(ax) + z * Math.cos(ax)];
    // About y.
    [x, z] = [x * Math.cos(ay) + z * Math.sin(ay), -x * Math.sin(ay) + z * Math.cos(ay)];
    // About z.
    [x, y] = [x * Math.cos(az) - y * Math.sin(az), x * Math.sin(az) + y * Math.cos(az)];
    return { x: x + offset.x, y: y + offset.y, z: z + offset.z };
  });
}

/** The hand as seen in a mirror (a left hand, or a selfie view): x flipped. */
export function mirrorHand(points: readonly Vector3[]): Vector3[] {
  return points.map(({ x, y, z }) => ({ x: -x, y, z }));
}

/** Every thumb-to-pinky pattern of extended fingers, 32 in all. */
export const ALL_FINGER_PATTERNS: boolean[][] = Array.from({ length: 32 }, (_, bits) => [0, 1, 2, 3, 4].map((finger) => Boolean(bits & (1 << finger))));
