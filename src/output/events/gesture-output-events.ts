import type { GestureEvent } from '../../inference/gesture-events.js';
import type { InferenceResultDict } from '../../inference/inference-result.js';
import type { GestureEventData, GestureOutputEvent, OutputEventFactory } from './output-event.js';

const EVENT_TYPES = { started: 'gesture_started', ended: 'gesture_ended', detected: 'gesture_detected' } as const;

/**
 * Turns a frame's gesture events (changes only: started, ended, one-off detections) into output events whose
 * data is the inference result that showed the gesture. A gesture's end carries the result it started with,
 * since by then the classifier shows something else.
 */
export class GestureEventTranslator {
  /** Data of the gestures under way, by classifier and gesture, to send again when they end. */
  private readonly underWay = new Map<string, GestureEventData>();

  constructor(private readonly events: OutputEventFactory) {}

  translate(gestures: readonly GestureEvent[], results: readonly InferenceResultDict[]): GestureOutputEvent[] {
    return gestures.map((gesture) => this.events.create(EVENT_TYPES[gesture.type], this.dataOf(gesture, results)));
  }

  private dataOf(gesture: GestureEvent, results: readonly InferenceResultDict[]): GestureEventData {
    const key = stateKey(gesture);
    if (gesture.type === 'ended') {
      const started = this.underWay.get(key) ?? { ...describedOnly(gesture), classifier: gesture.classifier };
      this.underWay.delete(key);
      return { ...started, held_ms: gesture.heldMs };
    }
    const data = { ...(results.find((result) => shows(result, gesture)) ?? describedOnly(gesture)), classifier: gesture.classifier };
    if (gesture.type === 'started') this.underWay.set(key, data);
    return data;
  }
}

function stateKey({ classifier, gesture, fingerCount, name }: GestureEvent): string {
  return `${classifier}|${gesture}|${fingerCount ?? ''}|${name ?? ''}`;
}

/** The result is the one that shows this gesture (the same count, the same custom gesture). */
function shows(result: InferenceResultDict, gesture: GestureEvent): boolean {
  return (
    result.gesture_type === gesture.gesture &&
    (gesture.fingerCount === undefined || result.finger_count === gesture.fingerCount) &&
    (gesture.name === undefined || result.raw_output.gesture_name === gesture.name)
  );
}

/** A result made from the event alone, for a gesture whose classifier result is not at hand (it started before we looked). */
function describedOnly(gesture: GestureEvent): InferenceResultDict {
  return {
    gesture_type: gesture.gesture,
    confidence: gesture.type === 'ended' ? 0 : gesture.confidence,
    finger_count: gesture.fingerCount ?? null,
    pinch_distance: null,
    gesture_velocity: gesture.type === 'detected' ? (gesture.velocity ?? null) : null,
    inference_latency_ms: 0,
    raw_output: { hands: [], hands_detected: 0, ...(gesture.name === undefined ? {} : { gesture_name: gesture.name }) },
  };
}
