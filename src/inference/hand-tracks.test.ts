import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HandTrackIds } from './hand-tracks.js';

test('hands keep their ids by position, whichever order they come in', () => {
  const tracks = new HandTrackIds(300);
  const [left, right] = tracks.assign([{ x: 100, y: 100 }, { x: 500, y: 100 }], 0);
  assert.notEqual(left, right);
  assert.deepEqual(tracks.assign([{ x: 510, y: 110 }, { x: 90, y: 95 }], 33), [right, left]);
});

test('a hand unseen for longer than the gap, or a timestamp going back, gets a new id', () => {
  const tracks = new HandTrackIds(300);
  const [first] = tracks.assign([{ x: 100, y: 100 }], 0);
  assert.deepEqual(tracks.assign([{ x: 100, y: 100 }], 250), [first], 'back within the gap');
  assert.deepEqual(tracks.liveIds(), [first]);
  const [afterGap] = tracks.assign([{ x: 100, y: 100 }], 600);
  assert.notEqual(afterGap, first);
  const [afterRewind] = tracks.assign([{ x: 100, y: 100 }], 100);
  assert.notEqual(afterRewind, afterGap);
});

test('a new hand beside a followed one gets its own id; an empty frame keeps the others for the gap', () => {
  const tracks = new HandTrackIds(300);
  const [only] = tracks.assign([{ x: 100, y: 100 }], 0);
  assert.deepEqual(tracks.assign([], 100), []);
  const ids = tracks.assign([{ x: 400, y: 100 }, { x: 105, y: 100 }], 200);
  assert.equal(ids[1], only);
  assert.notEqual(ids[0], only);
});
