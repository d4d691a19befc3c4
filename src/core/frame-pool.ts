/**
 * Pixel arrays for a stream's frames, reused once the pipeline is done with them. A stream's frames are all
 * one size and each lives a few frames' time; allocated anew, a 620x1080 frame is 2 MB of memory outside V8's
 * heap, and when frames waited long enough to outlive two young-generation collections (two streams sharing a
 * process), the memory they brought into the old generation started a full collection every few frames: as
 * much CPU as finding the hands. The arrays are shared memory, so a thread handed a frame reads it in place.
 *
 * Each array has a number, by which a thread the frame was shared with hands it back (`giveNumber`). Only
 * arrays the pool lent are taken back, once each: an array handed back twice, or one from elsewhere, is
 * ignored, so a frame can never be filled while another holder still reads it through the pool.
 */
export class FramePool {
  private readonly arrays = new Map<number, Uint8Array>();
  private readonly numbers = new WeakMap<Uint8Array, number>();
  private readonly lent = new Set<number>();
  private free: number[] = [];
  private byteLength = 0;
  private nextNumber = 0;

  /** @param capacity arrays kept for reuse at most; more handed back are left to the garbage collector. */
  constructor(private readonly capacity: number) {}

  /** An array of `byteLength` bytes (contents undefined): a reused one when there is one of that size. */
  take(byteLength: number): Uint8Array {
    if (byteLength !== this.byteLength) {
      // The frame size changed (a scaled decode, another stream): the old arrays fit no frame to come.
      this.arrays.clear();
      this.lent.clear();
      this.free = [];
      this.byteLength = byteLength;
    }
    let number = this.free.pop();
    if (number === undefined) {
      number = this.nextNumber++;
      const data = new Uint8Array(new SharedArrayBuffer(byteLength));
      this.arrays.set(number, data);
      this.numbers.set(data, number);
    }
    this.lent.add(number);
    return this.arrays.get(number)!;
  }

  /** The number of an array `take` lent and not taken back yet. */
  numberOf(data: Uint8Array): number | undefined {
    const number = this.numbers.get(data);
    return number !== undefined && this.lent.has(number) ? number : undefined;
  }

  /** Takes back an array `take` lent, whose frame nobody reads any more; false if it is not one. */
  give(data: Uint8Array): boolean {
    const number = this.numberOf(data);
    return number !== undefined && this.giveNumber(number);
  }

  /** `give` by the array's number (see `numberOf`). */
  giveNumber(number: number): boolean {
    if (!this.lent.delete(number)) return false;
    if (this.free.length < this.capacity) this.free.push(number);
    else this.arrays.delete(number);
    return true;
  }
}
