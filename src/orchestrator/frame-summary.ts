import type { ExtractionResult } from '../extraction/hand-landmarker-result.js';
import { CUSTOM_CLASSIFIER_OF } from '../inference/custom/gesture-kinds.js';
import { resultOf, type InferenceOutput } from '../inference/inference-stage.js';
import type { FrameSummary, HandSummary } from './frame-summary-shape.js';

/** Pixels to a tenth: finer is noise on the wire. */
const round = (value: number): number => Math.round(value * 10) / 10;

/**
 * What the dashboard draws of a frame: each hand's landmarks in frame pixels, its fingers, pose and custom
 * gesture, from the session's inference results (whose hands are in the extraction's order): the same results
 * its project's events come from.
 */
export function frameSummary(sessionId: string, frameNumber: number, extraction: ExtractionResult, inference: InferenceOutput | null): FrameSummary {
  const handsOf = (classifier: string) => resultOf(inference, classifier)?.raw_output.hands;
  const counted = handsOf('finger_count');
  const posed = handsOf('static');
  const custom = handsOf(CUSTOM_CLASSIFIER_OF.static);
  const hands: HandSummary[] = extraction.hands.map((hand, index) => {
    const customGesture = custom?.[index]?.gesture;
    return {
      label: hand.handLabel,
      confidence: Math.round(hand.confidence * 100) / 100,
      landmarks: hand.landmarks.map((point) => [round(point.pixelX), round(point.pixelY)] as const),
      fingers: counted?.[index]?.fingers ?? null,
      fingerStates: counted?.[index]?.finger_states ?? null,
      gesture: posed?.[index]?.gesture ?? 'none',
      custom: customGesture === undefined || customGesture === 'none' ? null : customGesture,
    };
  });
  const motion = resultOf(inference, CUSTOM_CLASSIFIER_OF.moving);
  const moving = motion?.gesture_type === 'custom' ? motion.raw_output.gesture_name : undefined;
  const fingerCounts = hands.flatMap((hand) => (hand.fingers === null ? [] : [hand.fingers]));
  return {
    channel: 'frame',
    sessionId,
    frameNumber,
    timestampMs: extraction.frameTimestamp,
    width: extraction.imageWidth,
    height: extraction.imageHeight,
    hands,
    fingerCount: fingerCounts.length === 0 ? null : fingerCounts.reduce((sum, count) => sum + count, 0),
    gesture: moving ?? surestGesture(hands),
  };
}

/** The gesture to show in large type: a custom one first (the user taught it), else the surest hand's pose. */
function surestGesture(hands: readonly HandSummary[]): string {
  const custom = hands.find((hand) => hand.custom !== null)?.custom;
  if (custom) return custom;
  const posed = hands.filter((hand) => hand.gesture !== 'none').sort((a, b) => b.confidence - a.confidence)[0];
  return posed?.gesture ?? 'none';
}
