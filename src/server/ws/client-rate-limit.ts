/**
 * What one WebSocket client may send. A browser camera at 30 frames a second (640x480 JPEGs are 30-100 KB)
 * plus its subscriptions stays far under both limits; docs/websocket.md gives the numbers to clients.
 */
export const MESSAGES_PER_SECOND = 200;
export const MESSAGE_BURST = 400;
export const BYTES_PER_SECOND = 10 * 1024 * 1024;
/** At least the largest message, so any one message can get through. */
export const BYTE_BURST = 20 * 1024 * 1024;
/** A client that goes on sending over the limit, this many messages dropped before it slows down, is closed. */
export const CLOSE_AFTER_DROPPED = 1000;

/** Refills at `rate` a second up to `burst`. */
class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly rate: number,
    private readonly burst: number,
    private readonly now: () => number,
  ) {
    this.tokens = burst;
    this.last = now();
  }

  available(): number {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    return this.tokens;
  }

  get full(): boolean {
    return this.available() >= this.burst;
  }

  take(amount: number): void {
    this.tokens -= amount;
  }
}

/**
 * What to do with a client's message: use it; drop it and tell the client it is over the limit (once, as it
 * goes over); drop it quietly; or close the client, which keeps sending over the limit.
 */
export type Admission = 'accept' | 'limit' | 'drop' | 'close';

/**
 * Message and byte token buckets for one client, checked before a message is read, so a flood costs the server
 * little more than receiving it. A client is over the limit from its first message that does not fit until its
 * buckets have refilled (it has slowed down); while over, messages that fit are still taken.
 */
export class ClientRateLimit {
  private readonly messages: TokenBucket;
  private readonly bytes: TokenBucket;
  /** Messages dropped since the client went over the limit; undefined while it is under it. */
  private dropped: number | undefined;

  constructor(now: () => number = () => performance.now()) {
    this.messages = new TokenBucket(MESSAGES_PER_SECOND, MESSAGE_BURST, now);
    this.bytes = new TokenBucket(BYTES_PER_SECOND, BYTE_BURST, now);
  }

  admit(size: number): Admission {
    if (this.dropped !== undefined && this.messages.full && this.bytes.full) this.dropped = undefined;
    if (this.messages.available() >= 1 && this.bytes.available() >= size) {
      this.messages.take(1);
      this.bytes.take(size);
      return 'accept';
    }
    if (this.dropped === undefined) {
      this.dropped = 1;
      return 'limit';
    }
    this.dropped += 1;
    return this.dropped > CLOSE_AFTER_DROPPED ? 'close' : 'drop';
  }
}
