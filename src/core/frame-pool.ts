/**
 * Pixel arrays for a stream's frames, reused once the pipeline is done with them. A stream's frames are all
 * one size and each lives a few frames' time; allocated anew, a 620x1080 frame is 2 MB of memory outside V8's
 * heap, and when frames waited long enough to outlive two young-generation collections (two streams sharing a
 * process), the memory they brought into the old generation started a full collection every few frames: as
 * much CPU as finding the hands. The arrays are shared memory, so a thread handed a frame reads it in place.
 *
 * Only arrays the pool lent are taken back, once each: an array handed back twice, or one from elsewhere,
 * is ignored, so a frame can never be filled while another holder still reads it through the pool.
 */
export class FramePool {
  private readonly free: Uint8Array[] = [];
  private readonly lent = new WeakSet<Uint8Array>();
  private byteLength = 0;

  /** @param capacity arrays kept for reuse at most; more handed back are left to the garbage collector. */
  constructor(private readonly capacity: number) {}

  /** An array of `byteLength` bytes (contents undefined): a reused one when there is one of that size. */
  take(byteLength: number): Uint8Array {
    if (byteLength !== this.byteLength) {
      // The frame size changed (a scaled decode, another stream): the old arrays fit no frame to come.
      this.free.length = 0;
      this.byteLength = byteLength;
    }
    const data = this.free.pop() ?? new Uint8Array(new SharedArrayBuffer(byteLength));
    this.lent.add(data);
    return data;
  }

  /** Takes back an array `take` lent, whose frame nobody reads any more. */
  give(data: Uint8Array): void {
    if (!this.lent.delete(data)) return;
    if (data.byteLength === this.byteLength && this.free.length < this.capacity) this.free.push(data);
  }
}
