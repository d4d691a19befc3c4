import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { FramePool } from './frame-pool.js';

describe('FramePool', () => {
  it('lends an array given back for the next frame of its size, in shared memory', () => {
    const pool = new FramePool(2);
    const first = pool.take(12);
    assert.equal(first.byteLength, 12);
    assert.ok(first.buffer instanceof SharedArrayBuffer);
    pool.give(first);
    assert.equal(pool.take(12), first);
    assert.notEqual(pool.take(12), first, 'an array lent out is not lent twice');
  });

  it('takes an array back once: one given back twice is not lent to two frames', () => {
    const pool = new FramePool(4);
    const data = pool.take(12);
    assert.equal(pool.give(data), true);
    assert.equal(pool.give(data), false);
    const a = pool.take(12);
    const b = pool.take(12);
    assert.equal(a, data);
    assert.notEqual(b, data);
  });

  it('ignores arrays it did not lend', () => {
    const pool = new FramePool(4);
    const foreign = new Uint8Array(12);
    pool.take(12);
    assert.equal(pool.give(foreign), false);
    assert.notEqual(pool.take(12), foreign);
  });

  it('takes an array back by its number, as a thread the frame was shared with hands it back', () => {
    const pool = new FramePool(4);
    const data = pool.take(12);
    const number = pool.numberOf(data)!;
    assert.equal(pool.numberOf(new Uint8Array(12)), undefined);
    assert.equal(pool.giveNumber(number), true);
    assert.equal(pool.numberOf(data), undefined, 'an array taken back has no number until lent again');
    assert.equal(pool.giveNumber(number), false);
    assert.equal(pool.take(12), data);
  });

  it('keeps at most its capacity, and forgets arrays of a size frames no longer have', () => {
    const pool = new FramePool(1);
    const [a, b] = [pool.take(12), pool.take(12)];
    pool.give(a);
    pool.give(b); // over capacity: left to the garbage collector
    assert.equal(pool.take(12), a);
    assert.notEqual(pool.take(12), b);

    const before = pool.take(12);
    assert.equal(pool.take(6).byteLength, 6);
    pool.give(before); // a frame of the size before
    assert.equal(pool.take(6).byteLength, 6);
  });
});
