import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { clusterStreamSchema, firstFrameOfHold, MAX_FRAMES_AHEAD, type StreamProgress } from './cluster-records.js';

const stream = (source: object) => clusterStreamSchema.parse({ id: 's1', source, project: 'finger-counter', createdAt: 0 });
const progress = (acknowledgedFrame: number | null): StreamProgress => ({ acknowledgedFrame, worker: 'w1' });

describe('firstFrameOfHold', () => {
  const file = stream({ type: 'file', path: '/videos/a.mp4' });
  const camera = stream({ type: 'camera' });
  const live = stream({ type: 'url', url: 'rtsp://cam.lan/live' });
  const recording = stream({ type: 'url', url: 'https://media.lan/talk.mp4' });
  const liveMp4 = stream({ type: 'url', url: 'https://media.lan/talk.mp4', recording: false });

  it('starts the first hold of any stream at frame 0', () => {
    for (const each of [file, camera, live, recording]) assert.equal(firstFrameOfHold(each, undefined), 0);
  });

  it('resumes a file after its acknowledged frame, and starts a recording over, so the bus drops what it sends again', () => {
    assert.equal(firstFrameOfHold(file, progress(41)), 42);
    assert.equal(firstFrameOfHold(file, progress(null)), 0);
    assert.equal(firstFrameOfHold(recording, progress(41)), 0);
  });

  it('numbers a camera or a live stream on past any frame the last holder may have sent', () => {
    for (const each of [camera, live, liveMp4]) {
      assert.equal(firstFrameOfHold(each, progress(41)), 42 + MAX_FRAMES_AHEAD);
      assert.equal(firstFrameOfHold(each, progress(null)), MAX_FRAMES_AHEAD, 'held before, though nothing was acknowledged');
    }
  });
});
