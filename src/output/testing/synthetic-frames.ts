import type { HandLandmarks } from '../../extraction/hand-landmarker-result.js';
import { createInferenceEngine } from '../../inference/create-inference-engine.js';
import type { BuiltInClassifierName } from '../../inference/inference-config.js';
import type { Vector3 } from '../../inference/geometry/vector3.js';
import type { InferenceEngine } from '../../inference/inference-engine.js';
import { syntheticExtraction, syntheticHandLandmarks } from '../../inference/testing/synthetic-extraction.js';
import { syntheticHand, transformHand } from '../../inference/testing/synthetic-hand.js';
import type { FrameEvent } from '../frame-event.js';

/** Thumb tip and index tip (MediaPipe landmarks 4 and 8). */
const THUMB_TIP = 4;
const INDEX_TIP = 8;

/**
 * A hand with its fingers up and its thumb on the image's left (a left hand's palm, or a right hand's back, seen
 * by the camera), with the fingers given as thumb-to-pinky bits ('01100'); its wrist at `wrist` (pixels).
 */
export function handPose(fingers: string, wrist: { x: number; y: number } = { x: 320, y: 400 }): Vector3[] {
  return transformHand(syntheticHand({ extended: [...fingers].map((bit) => bit === '1') }), {}, { ...wrist, z: 0 });
}

/** The pose with the thumb tip moved to `gap` pixels left of the index tip (0: a pinch). */
export function withThumbGap(points: readonly Vector3[], gap: number): Vector3[] {
  const index = points[INDEX_TIP]!;
  return points.map((point, i) => (i === THUMB_TIP ? { x: index.x - gap, y: index.y, z: index.z } : point));
}

/** The points as the landmark engine reports a hand. */
export function asHand(points: readonly Vector3[]): HandLandmarks {
  return syntheticHandLandmarks(points);
}

/**
 * Frame events as a session emits them, made by the real inference engine from synthetic hands: what the
 * output stage sees of a real run, without a camera. Smoothing is off, so each frame shows its own pose.
 */
export class SyntheticRun {
  private readonly engine: InferenceEngine;
  private frameNumber = 0;

  constructor(classifiers: readonly BuiltInClassifierName[]) {
    this.engine = createInferenceEngine({ classifiers: [...classifiers], smoothing: { enabled: false } });
  }

  /** The frame at `timestampMs` holding these hands (none: an empty frame). */
  frame(timestampMs: number, ...hands: (readonly Vector3[])[]): FrameEvent {
    const extraction = syntheticExtraction(hands.map(asHand), timestampMs);
    const inference = this.engine.process(extraction);
    return {
      type: 'frame',
      sessionId: 'test',
      source: 'synthetic',
      frameNumber: this.frameNumber++,
      timestampMs,
      extraction,
      inference: { results: inference.results.map((result) => result.toDict()), classifiers: inference.results.map((result) => result.classifier), events: inference.events },
      latencyMs: {},
    };
  }
}
