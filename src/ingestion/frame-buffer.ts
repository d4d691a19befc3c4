/** What a full buffer does with a new item: wait for room (backpressure) or drop the oldest item. */
export type OverflowPolicy = 'wait' | 'drop-oldest';

/**
 * A bounded queue between a producer and one consumer. With `'wait'` a producer's `put` resolves only once
 * there is room; with `'drop-oldest'` it never waits and the oldest item is dropped and counted. After `end()`
 * the consumer drains what is left and then gets `undefined`; after `fail(error)` it drains and then the error.
 */
export class FrameBuffer<T> {
  private readonly items: T[] = [];
  private droppedCount = 0;
  private ended = false;
  private failure: { error: unknown } | undefined;
  private wakeConsumer: (() => void) | undefined;
  private wakeProducer: (() => void) | undefined;

  /**
   * @param discarded hears each item the buffer lets go unconsumed: dropped when full, put after the end, or
   *   forgotten by `clear`.
   */
  constructor(
    readonly capacity: number,
    readonly overflow: OverflowPolicy,
    private readonly discarded: (item: T) => void = () => {},
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`buffer capacity must be a whole number of at least 1, not ${capacity}`);
  }

  get size(): number {
    return this.items.length;
  }

  get dropped(): number {
    return this.droppedCount;
  }

  /** Adds an item; items put after `end()` or `fail()` are discarded. */
  async put(item: T): Promise<void> {
    if (this.overflow === 'wait') {
      while (this.items.length >= this.capacity && !this.ended) await new Promise<void>((resolve) => (this.wakeProducer = resolve));
    } else if (this.items.length >= this.capacity) {
      this.discarded(this.items.shift()!);
      this.droppedCount += 1;
    }
    if (this.ended) {
      this.discarded(item);
      return;
    }
    this.items.push(item);
    this.wake('consumer');
  }

  /** The oldest item, waiting for one; `undefined` once ended and empty. Rejects once failed and empty. */
  async take(): Promise<T | undefined> {
    while (this.items.length === 0 && !this.ended) await new Promise<void>((resolve) => (this.wakeConsumer = resolve));
    if (this.items.length > 0) {
      const item = this.items.shift()!;
      this.wake('producer');
      return item;
    }
    if (this.failure !== undefined) throw this.failure.error;
    return undefined;
  }

  /** No more items will come. */
  end(): void {
    this.ended = true;
    this.wake('consumer');
    this.wake('producer');
  }

  /** The producer failed: the consumer gets `error` after the items already buffered. */
  fail(error: unknown): void {
    this.failure ??= { error };
    this.end();
  }

  /** Forgets the buffered items (a stop: they will not be processed). */
  clear(): void {
    for (const item of this.items.splice(0)) this.discarded(item);
    this.wake('producer');
  }

  private wake(who: 'consumer' | 'producer'): void {
    const wake = who === 'consumer' ? this.wakeConsumer : this.wakeProducer;
    if (who === 'consumer') this.wakeConsumer = undefined;
    else this.wakeProducer = undefined;
    wake?.();
  }
}
