import type { FingerChain } from './hand-landmark-index.js';
import { angleBetween, subtract, type Vector3 } from './vector3.js';

/**
 * How much a finger bends at its two outer joints (PIP and DIP; for the thumb MCP and IP), in degrees: the sum
 * of the turns between successive bones. About 0-30 for a straight finger, 100-200 for a curled one. It
 * ignores the knuckle, so a straight finger folded flat at the knuckle reads as straight: `fingerReach` sees that.
 */
export function fingerCurl(points: readonly Vector3[], [base, middle, outer, tip]: FingerChain): number {
  const proximal = subtract(points[middle]!, points[base]!);
  const intermediate = subtract(points[outer]!, points[middle]!);
  const distal = subtract(points[tip]!, points[outer]!);
  return angleBetween(proximal, intermediate) + angleBetween(intermediate, distal);
}
