import { MAX_FRAMES_AHEAD, type BusFrameMessage, type StreamLeaseValue } from '../../cluster/cluster-records.js';
import { eventsSubject } from '../../cluster/cluster-stores.js';

/** What the gateway knows of a stream when a message for it comes. */
export interface StreamStanding {
  /** Its lease: the worker holding it and when it took it (which tells one hold from the next); undefined when no one holds it. */
  readonly lease: StreamLeaseValue | undefined;
  /** Its last acknowledged frame, as its progress says. */
  readonly acknowledgedFrame: number | null;
  /** A new holder resumes it after its acknowledged frame, sending some frames again (see resumesAfterAcknowledged). */
  readonly resumesAfterAcknowledged: boolean;
}

/**
 * Which messages of the bus the gateway passes on to its clients and metrics. A message is believed only on its
 * own stream's subject, from the worker that holds the stream's lease, and with a frame at most MAX_FRAMES_AHEAD
 * past the stream's progress (twice that for a live stream, whose next hold numbers on past the first bound:
 * firstFrameOfHold). Each frame passes once: a new hold of a resumed file sends again the frames after
 * its acknowledged one, and those already passed are dropped. Within one hold a worker sends each frame once and
 * in order, so no high-water mark is kept there: one message with a forged frame number cannot silence the
 * frames after it.
 */
export class BusMessageFilter {
  /** By stream: its current (or last) hold and holder, the frames of earlier holds it sends again, the highest passed. */
  private readonly streams = new Map<string, { hold: string; worker: string; resentUpTo: number; highest: number }>();

  /** Why the message is not to be passed on; undefined when it is (and it is then counted as passed). */
  refusal(message: BusFrameMessage, subject: string, standing: StreamStanding): string | undefined {
    if (subject !== eventsSubject(message.stream)) return 'not on its stream\'s subject';
    const { lease } = standing;
    let state = this.streams.get(message.stream);
    // A stream's lease is deleted as it ends, and the bus may bring its last frames after the bucket told of that:
    // while no one holds it, its last holder's messages still pass.
    const holder = lease?.worker ?? state?.worker;
    if (holder === undefined || holder !== message.worker) return 'not from the worker holding the stream';
    const furthest = (standing.acknowledgedFrame ?? -1) + MAX_FRAMES_AHEAD * (standing.resumesAfterAcknowledged ? 1 : 2);
    if (message.frame !== null && message.frame > furthest) return 'a frame too far past the stream\'s progress';
    const hold = lease === undefined ? state!.hold : `${lease.worker}@${lease.since}`;
    if (state?.hold !== hold) {
      const resentUpTo = state !== undefined && standing.resumesAfterAcknowledged ? Math.min(state.highest, furthest) : -1;
      state = { hold, worker: holder, resentUpTo, highest: state?.highest ?? -1 };
      this.streams.set(message.stream, state);
    }
    if (message.frame === null) return undefined;
    if (message.frame <= state.resentUpTo) return 'a frame passed on already';
    state.highest = Math.max(state.highest, message.frame);
    return undefined;
  }

  /** Forgets an ended stream. */
  forget(stream: string): void {
    this.streams.delete(stream);
  }
}
