import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { BusFrameMessage } from '../../cluster/cluster-records.js';
import { eventsSubject } from '../../cluster/cluster-stores.js';
import { MAX_FRAMES_AHEAD } from '../../cluster/cluster-records.js';
import { BusMessageFilter, type StreamStanding } from './bus-message-filter.js';

const STREAM = 's-1';

function message(frame: number | null, worker: string): BusFrameMessage {
  const summary = frame === null ? null : { channel: 'frame' as const, sessionId: STREAM, frameNumber: frame, timestampMs: 0, width: 640, height: 480, hands: [], fingerCount: null, gesture: 'none' };
  return { stream: STREAM, frame, worker, summary, events: [], errors: [] };
}

/** A stream held by `worker` since `since`, its progress at `acknowledgedFrame`; a file unless `live`. */
function held(worker: string, since: number, acknowledgedFrame: number | null, live = false): StreamStanding {
  return { lease: { worker, since }, acknowledgedFrame, resumesAfterAcknowledged: !live };
}

/** The frames of `frames` the filter passes, sent by the standing's holder. */
function passed(filter: BusMessageFilter, frames: readonly number[], standing: StreamStanding): number[] {
  return frames.filter((frame) => filter.refusal(message(frame, standing.lease!.worker), eventsSubject(STREAM), standing) === undefined);
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, index) => from + index);

describe('which bus messages a gateway passes on', () => {
  it('passes a resumed file\'s frames once: those the previous hold passed are dropped after a takeover', () => {
    const filter = new BusMessageFilter();
    assert.deepEqual(passed(filter, range(0, 10), held('w1', 1, 5)), range(0, 10));
    // w2 takes it over and resumes after the acknowledged frame 7: 8 to 10 come again.
    assert.deepEqual(passed(filter, range(8, 14), held('w2', 2, 7)), range(11, 14));
  });

  it('passes the last holder\'s last frames that come after its lease was deleted at the stream\'s end, and no one else\'s', () => {
    const filter = new BusMessageFilter();
    assert.deepEqual(passed(filter, range(0, 10), held('w1', 1, 8)), range(0, 10));
    const ended: StreamStanding = { lease: undefined, acknowledgedFrame: 8, resumesAfterAcknowledged: true };
    assert.equal(filter.refusal(message(11, 'w1'), eventsSubject(STREAM), ended), undefined);
    assert.equal(filter.refusal(message(null, 'w1'), eventsSubject(STREAM), ended), undefined, 'its end');
    assert.equal(filter.refusal(message(12, 'w2'), eventsSubject(STREAM), ended), 'not from the worker holding the stream');
    assert.equal(new BusMessageFilter().refusal(message(0, 'w1'), eventsSubject(STREAM), ended), 'not from the worker holding the stream', 'a stream never held');
  });

  it('tells a hold from the next by when it was taken: the same worker taking a file again sends frames again', () => {
    const filter = new BusMessageFilter();
    assert.deepEqual(passed(filter, range(0, 10), held('w1', 1, 5)), range(0, 10));
    assert.deepEqual(passed(filter, range(6, 12), held('w1', 2, 5)), range(11, 12));
  });

  it('passes a live stream taken over, numbered on past its last holder\'s (firstFrameOfHold), up to twice the window past its progress', () => {
    const filter = new BusMessageFilter();
    assert.deepEqual(passed(filter, range(0, 50), held('w1', 1, 40, true)), range(0, 50));
    const first = 41 + MAX_FRAMES_AHEAD;
    // Before the new holder's first progress reaches the gateway, its progress is still the last holder's.
    assert.deepEqual(passed(filter, [...range(first, first + 5), 40 + 2 * MAX_FRAMES_AHEAD + 1], held('w2', 2, 40, true)), range(first, first + 5));
    // A file's frames so far past its progress are not believed.
    assert.deepEqual(passed(new BusMessageFilter(), [first], held('w2', 2, 40)), []);
  });

  it('lets a forged frame number hold back no frame of its hold, and after a takeover at most MAX_FRAMES_AHEAD', () => {
    const filter = new BusMessageFilter();
    const forged = 10 + MAX_FRAMES_AHEAD;
    // Past the window: not believed. At its edge, in the holder's name: passed, and the frames after it too.
    assert.deepEqual(passed(filter, [11, forged + 1, forged, 12, 13], held('w1', 1, 10)), [11, forged, 12, 13]);
    // A takeover at frame 13 takes the frames up to the forged one for repeats: no further than the window.
    assert.deepEqual(passed(filter, [14, forged, forged + 1], held('w2', 2, 13)), [forged + 1]);
  });

  it('refuses what another worker, or another stream\'s subject, sends', () => {
    const filter = new BusMessageFilter();
    const standing = held('w1', 1, null);
    assert.equal(filter.refusal(message(0, 'intruder'), eventsSubject(STREAM), standing), 'not from the worker holding the stream');
    assert.equal(filter.refusal(message(0, 'w1'), eventsSubject('s-2'), standing), 'not on its stream\'s subject');
    assert.equal(filter.refusal(message(null, 'w1'), eventsSubject(STREAM), { ...standing, lease: undefined }), 'not from the worker holding the stream');
    assert.equal(filter.refusal(message(null, 'w1'), eventsSubject(STREAM), standing), undefined);
  });
});
