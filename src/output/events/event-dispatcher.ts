import type { Logger } from 'pino';
import { pino } from 'pino';
import type { OutputEvent } from './output-event.js';

/** Receives output events; may be async. What it throws or rejects with is logged and counted, never passed on. */
export type OutputListener = (event: OutputEvent) => void | Promise<void>;

export interface EventDispatcherOptions {
  /** A call to a listener that has not settled after this long is counted as timed out and no longer waited for. Defaults to 2000 ms. */
  listenerTimeoutMs?: number;
  /**
   * Calls a listener may have unsettled at once. Events beyond are not given to it and are counted as dropped,
   * so a listener that never resolves cannot pile up work. Defaults to 100.
   */
  maxPendingPerListener?: number;
  /** Where failures are logged. Defaults to none. */
  logger?: Logger;
}

/** How one listener has fared. */
export interface ListenerStats {
  readonly name: string;
  /** Calls that returned or resolved in time. */
  readonly delivered: number;
  /** Calls that threw or rejected. */
  readonly failed: number;
  /** Calls not settled within the timeout. */
  readonly timedOut: number;
  /** Events not given to it because too many of its calls were still unsettled. */
  readonly dropped: number;
  /** Calls not settled yet. */
  readonly pending: number;
}

export interface DispatcherStats {
  readonly dispatched: number;
  readonly listeners: readonly ListenerStats[];
}

/** The name the broadcast handler's stats go under. */
export const BROADCAST = 'broadcast';

interface Subscriber {
  readonly listener: OutputListener;
  stats: { -readonly [K in keyof ListenerStats]: ListenerStats[K] };
}

/**
 * Hands every output event to the local listeners and to one broadcast handler (the WebSocket server's).
 * Each is isolated: a listener that throws, rejects or never resolves is logged and counted, its call given
 * up on after a timeout, and the others, and whoever dispatched, carry on as if it were not there.
 */
export class EventDispatcher {
  private readonly listeners = new Set<Subscriber>();
  private broadcast: Subscriber | undefined;
  private readonly deliveries = new Set<Promise<void>>();
  private readonly timeoutMs: number;
  private readonly maxPending: number;
  private readonly log: Logger;
  private dispatched = 0;
  private added = 0;

  constructor(options: EventDispatcherOptions = {}) {
    this.timeoutMs = options.listenerTimeoutMs ?? 2000;
    this.maxPending = options.maxPendingPerListener ?? 100;
    this.log = options.logger ?? pino({ level: 'silent' });
  }

  /** Adds a listener; `name` identifies it in logs and stats. Returns the function that removes it. */
  addListener(listener: OutputListener, name = `listener ${++this.added}`): () => void {
    const subscriber = newSubscriber(listener, name);
    this.listeners.add(subscriber);
    return () => this.listeners.delete(subscriber);
  }

  /** Sets the one broadcast handler (the WebSocket server's), replacing any before; undefined removes it. */
  setBroadcastHandler(handler: OutputListener | undefined): void {
    this.broadcast = handler === undefined ? undefined : newSubscriber(handler, BROADCAST);
  }

  /**
   * Gives the event to every listener and the broadcast handler, calling each at once, in the order added.
   * The returned promise resolves when each has settled or timed out, and never rejects; the pipeline does
   * not wait for it.
   */
  dispatch(event: OutputEvent): Promise<void> {
    this.dispatched += 1;
    const subscribers = [...this.listeners, ...(this.broadcast === undefined ? [] : [this.broadcast])];
    const delivery = Promise.all(subscribers.map((subscriber) => this.deliver(subscriber, event))).then(() => {});
    this.deliveries.add(delivery);
    void delivery.finally(() => this.deliveries.delete(delivery));
    return delivery;
  }

  get stats(): DispatcherStats {
    const subscribers = [...this.listeners, ...(this.broadcast === undefined ? [] : [this.broadcast])];
    return { dispatched: this.dispatched, listeners: subscribers.map((subscriber) => ({ ...subscriber.stats })) };
  }

  /** Resolves once the deliveries under way have settled or timed out. */
  async drain(): Promise<void> {
    await Promise.all([...this.deliveries]);
  }

  private deliver(subscriber: Subscriber, event: OutputEvent): Promise<void> {
    const { stats } = subscriber;
    if (stats.pending >= this.maxPending) {
      stats.dropped += 1;
      this.log.warn({ listener: stats.name, event: event.type, pending: stats.pending }, 'output listener is behind: event not given to it');
      return Promise.resolve();
    }
    let call: Promise<void>;
    try {
      call = Promise.resolve(subscriber.listener(event));
    } catch (error) {
      this.failed(subscriber, event, error);
      return Promise.resolve();
    }
    stats.pending += 1;
    let timedOut = false;
    const settled = call
      .then(
        () => {
          if (!timedOut) stats.delivered += 1;
        },
        (error: unknown) => this.failed(subscriber, event, error),
      )
      .finally(() => (stats.pending -= 1));
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        timedOut = true;
        stats.timedOut += 1;
        this.log.warn({ listener: stats.name, event: event.type, timeoutMs: this.timeoutMs }, 'output listener did not finish in time');
        resolve();
      }, this.timeoutMs);
      void settled.then(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private failed(subscriber: Subscriber, event: OutputEvent, error: unknown): void {
    subscriber.stats.failed += 1;
    this.log.warn({ listener: subscriber.stats.name, event: event.type, err: error }, 'output listener failed');
  }
}

function newSubscriber(listener: OutputListener, name: string): Subscriber {
  return { listener, stats: { name, delivered: 0, failed: 0, timedOut: 0, dropped: 0, pending: 0 } };
}
