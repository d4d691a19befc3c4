import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { FrameBuffer } from './frame-buffer.js';

/** Whether a promise has settled once pending callbacks have run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe('FrameBuffer', () => {
  it('makes the producer wait when full with the wait policy, and never drops', async () => {
    const buffer = new FrameBuffer<number>(2, 'wait');
    await buffer.put(1);
    await buffer.put(2);
    const third = buffer.put(3);
    assert.equal(await settled(third), false, 'a full buffer holds the producer');
    assert.equal(await buffer.take(), 1);
    assert.equal(await settled(third), true, 'taking one makes room');
    assert.deepEqual([await buffer.take(), await buffer.take()], [2, 3]);
    assert.equal(buffer.dropped, 0);
  });

  it('drops and counts the oldest items with the drop-oldest policy', async () => {
    const discarded: number[] = [];
    const buffer = new FrameBuffer<number>(3, 'drop-oldest', (item) => discarded.push(item));
    for (let i = 1; i <= 7; i += 1) await buffer.put(i);
    assert.equal(buffer.dropped, 4);
    assert.deepEqual(discarded, [1, 2, 3, 4], 'each dropped item is let go');
    buffer.end();
    const rest: (number | undefined)[] = [];
    for (let item = await buffer.take(); item !== undefined; item = await buffer.take()) rest.push(item);
    assert.deepEqual(rest, [5, 6, 7]);
  });

  it('wakes a waiting consumer with undefined at the end', async () => {
    const buffer = new FrameBuffer<number>(1, 'wait');
    const waiting = buffer.take();
    assert.equal(await settled(waiting), false);
    buffer.end();
    assert.equal(await waiting, undefined);
  });

  it('gives the buffered items first, then the failure', async () => {
    const buffer = new FrameBuffer<number>(3, 'wait');
    await buffer.put(1);
    buffer.fail(new Error('decoder died'));
    assert.equal(await buffer.take(), 1);
    await assert.rejects(buffer.take(), /decoder died/);
  });

  it('releases a blocked producer and discards its item when ended', async () => {
    const discarded: number[] = [];
    const buffer = new FrameBuffer<number>(1, 'wait', (item) => discarded.push(item));
    await buffer.put(1);
    const blocked = buffer.put(2);
    buffer.clear();
    buffer.end();
    await blocked;
    assert.equal(await buffer.take(), undefined);
    assert.deepEqual(discarded, [1, 2], 'the items cleared and the one put after the end are let go');
  });

  it('refuses a capacity below 1', () => {
    assert.throws(() => new FrameBuffer(0, 'wait'), RangeError);
  });
});
