import type { Logger } from 'pino';

/** Junk is told of at most this often. */
const TELL_EVERY_MS = 10_000;

/**
 * Warns of what is ignored off the bus (a message, a bucket entry that is not JSON of its shape) at most every
 * 10 s, with the count since the last warning: anyone who may publish could otherwise flood the log.
 */
export class IgnoredLog {
  private count = 0;
  private toldAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly logger: Logger,
    private readonly message: string,
  ) {}

  /** One more ignored, described by `fields` (told when a warning is due). */
  add(fields: Record<string, unknown>): void {
    this.count += 1;
    const now = performance.now();
    if (now - this.toldAt < TELL_EVERY_MS) return;
    // `ignored`: this one and those left untold since the last warning.
    this.logger.warn({ ...fields, ignored: this.count }, this.message);
    this.count = 0;
    this.toldAt = now;
  }
}
