import { DeliverPolicy, type ConsumerMessages, type OrderedConsumerOptions } from '@nats-io/jetstream';
import type { Logger } from 'pino';

import { busFrameMessageSchema, readPayload, type BusFrameMessage } from './cluster-records.js';
import { EVENTS_STREAM, type ClusterStores } from './cluster-stores.js';
import { IgnoredLog } from './ignored-log.js';

/** A consumer that stopped is made again after this long (and again, while NATS refuses). */
const REFOLLOW_DELAY_MS = 500;

/** Hears each message that is JSON of the bus's shape, with the subject it came on. */
export type BusMessageHandler = (message: BusFrameMessage, subject: string) => void;

/**
 * Follows every stream's messages on the events stream from now on, in order. Anyone who may publish there can
 * send anything: a message that is not JSON of the bus's shape is logged and skipped, and the rest go on. The
 * consumer rides out reconnections by itself; should it ever stop all the same, it is made again from the
 * message after the last one seen.
 */
export class EventsFollower {
  private lastSequence: number | undefined;
  private readonly ignored: IgnoredLog;
  private messages: ConsumerMessages | undefined;
  private stopped = false;

  private constructor(
    private readonly stores: ClusterStores,
    private readonly logger: Logger,
    private readonly onMessage: BusMessageHandler,
  ) {
    this.ignored = new IgnoredLog(logger, 'a message on the events stream is not JSON of the expected shape; ignored');
  }

  /** Resolves once the consumer is made: what is published after that is heard. */
  static async start(stores: ClusterStores, logger: Logger, onMessage: BusMessageHandler): Promise<EventsFollower> {
    const follower = new EventsFollower(stores, logger, onMessage);
    await follower.follow();
    return follower;
  }

  stop(): void {
    this.stopped = true;
    this.messages?.stop();
  }

  private async follow(): Promise<void> {
    const from: Partial<OrderedConsumerOptions> =
      this.lastSequence === undefined ? { deliver_policy: DeliverPolicy.New } : { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: this.lastSequence + 1 };
    const consumer = await this.stores.js.consumers.get(EVENTS_STREAM, from);
    const messages = await consumer.consume();
    this.messages = messages;
    if (this.stopped) messages.stop();
    void this.read(messages);
    void this.stopWhenDeleted(messages);
  }

  /**
   * Stops following on a consumer deleted under it (a user allowed $JS.API.CONSUMER.DELETE on the stream did it),
   * to follow again at once: the client's own remedy waits for heartbeats missed, and clients saw nothing for 40 s.
   */
  private async stopWhenDeleted(messages: ConsumerMessages): Promise<void> {
    for await (const status of messages.status()) {
      if (status.type !== 'consumer_deleted') continue;
      this.logger.warn({ after: this.lastSequence }, 'the events consumer was deleted on NATS (by a user that may delete consumers of HANDFLOW_EVENTS)');
      messages.stop();
      return;
    }
  }

  private async read(messages: ConsumerMessages): Promise<void> {
    try {
      for await (const message of messages) {
        // Counted as seen before it is handled: a message that breaks the handler is not read again.
        this.lastSequence = message.seq;
        const parsed = readPayload(busFrameMessageSchema, message);
        if (parsed === undefined) this.ignored.add({ subject: message.subject, seq: message.seq });
        else this.onMessage(parsed, message.subject);
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'the events consumer broke');
    }
    if (this.stopped) return;
    this.logger.warn({ after: this.lastSequence }, 'the events consumer stopped; following the events again');
    this.refollow();
  }

  private refollow(): void {
    setTimeout(() => {
      if (this.stopped) return;
      this.follow().catch((error: unknown) => {
        this.logger.debug({ err: error }, 'the events consumer could not be made again yet');
        this.refollow();
      });
    }, REFOLLOW_DELAY_MS);
  }
}
