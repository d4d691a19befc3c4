import { readFileSync } from 'node:fs';
import { sharedData } from '../../testing/shared-data.js';
import type { Vector3 } from '../geometry/vector3.js';

/**
 * Frame `frame` of MediaPipe's own landmarks for the ASL reference video (landmarks-reference/asl_hand.full.json:
 * pixels, z in the same scale): real hands, independent of handflow's engine.
 */
export function aslReferenceHand(frame: number): Vector3[] {
  const frames = JSON.parse(readFileSync(sharedData('landmarks-reference/asl_hand.full.json'), 'utf8')) as [number, number, number][][];
  const points = frames[frame];
  if (points === undefined) throw new RangeError(`the ASL reference has ${frames.length} frames, not ${frame + 1}`);
  return points.map(([x, y, z]) => ({ x, y, z }));
}
