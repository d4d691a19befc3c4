import type { JetStreamClient } from '@nats-io/jetstream';
import { headers } from '@nats-io/transport-node';

import type { StageDurations } from '../core/pipeline-stages.js';
import { pushKeepingLast } from '../core/keep-last.js';
import type { FrameSummary } from '../orchestrator/frame-summary-shape.js';
import type { PipelineErrorEvent } from '../orchestrator/pipeline-error.js';
import type { OutputEvent } from '../output/events/output-event.js';
import type { FrameEvent, OutputSink } from '../output/frame-event.js';
import { frameSummary } from '../orchestrator/frame-summary.js';
import { frameKey, MAX_ERRORS_PER_MESSAGE, MAX_EVENTS_PER_MESSAGE, SENT_AT_HEADER, type BusFrameMessage } from './cluster-records.js';
import { eventsSubject } from './cluster-stores.js';

/** Frames published and not yet acknowledged, at most: past it the pipeline waits for the bus. */
const MAX_IN_FLIGHT = 64;
/** A publish the bus has not acknowledged by then has failed. */
const PUBLISH_TIMEOUT_MS = 5000;

export interface StreamPublisherOptions {
  readonly js: JetStreamClient;
  readonly stream: string;
  readonly worker: string;
  /** False once the worker may have lost the stream: nothing more is published. */
  readonly held: () => boolean;
  /** A publish failed (the bus is away, or refused): the stream must be given up and resumed from what was acknowledged. */
  readonly onFailure: (error: unknown) => void;
}

/**
 * Puts one stream's output on the bus, a message a frame (its hands and the events it set off), and keeps count
 * of the frames the bus has acknowledged in order, which is where a resumed stream starts again.
 */
export class StreamPublisher {
  /** Events heard since the last frame's message: they go with the next. */
  private pendingEvents: OutputEvent[] = [];
  private pendingErrors: BusFrameMessage['errors'] = [];
  /** Published frames in order, each with whether the bus has acknowledged it. */
  private readonly inFlight: { frame: number | null; acked: boolean; done: Promise<unknown> }[] = [];
  private acknowledged: number | null = null;
  private failed = false;

  constructor(private readonly options: StreamPublisherOptions) {}

  /** The last frame such that it and every frame published before it are on the bus. */
  get acknowledgedFrame(): number | null {
    return this.acknowledged;
  }

  /** Hears the session's output events (a listener of the session). */
  readonly listener = (event: OutputEvent): void => {
    pushKeepingLast(this.pendingEvents, event, MAX_EVENTS_PER_MESSAGE);
  };

  /** Sees every frame after the project's output (a sink of the session). */
  readonly sink: OutputSink = {
    write: (event: FrameEvent) => this.publishFrame(event),
  };

  /** A pipeline error of the session, sent with the next frame. */
  reportError({ severity, stage, message }: PipelineErrorEvent): void {
    pushKeepingLast(this.pendingErrors, { severity, stage, message }, MAX_ERRORS_PER_MESSAGE);
  }

  /** Publishes the events after the last frame, and waits until the bus has everything (or has failed). */
  async finish(): Promise<void> {
    if (this.pendingEvents.length > 0 || this.pendingErrors.length > 0) this.publish(null, null, undefined);
    await Promise.all(this.inFlight.map((entry) => entry.done));
  }

  private async publishFrame(event: FrameEvent): Promise<void> {
    const summary = frameSummary(this.options.stream, event.frameNumber, event.extraction, event.inference);
    this.publish(event.frameNumber, summary, event.latencyMs);
    if (this.inFlight.length > MAX_IN_FLIGHT) await this.inFlight[0]!.done;
  }

  private publish(frame: number | null, summary: FrameSummary | null, latencyMs: StageDurations | undefined): void {
    if (this.failed || !this.options.held()) return;
    const { js, stream, worker } = this.options;
    const key = frameKey(stream, frame);
    const message: BusFrameMessage = {
      stream,
      frame,
      worker,
      summary,
      ...(latencyMs === undefined ? {} : { latencyMs }),
      events: this.pendingEvents.map((event, index) => ({ key: `${key}/${index}`, event })),
      errors: this.pendingErrors,
    };
    this.pendingEvents = [];
    this.pendingErrors = [];
    const entry = { frame, acked: false, done: Promise.resolve() as Promise<unknown> };
    const sent = headers();
    sent.set(SENT_AT_HEADER, String(Date.now()));
    entry.done = js.publish(eventsSubject(stream), JSON.stringify(message), { msgID: key, timeout: PUBLISH_TIMEOUT_MS, headers: sent }).then(
      () => {
        entry.acked = true;
        this.advance();
      },
      (error: unknown) => {
        if (this.failed) return;
        this.failed = true;
        this.options.onFailure(error);
      },
    );
    this.inFlight.push(entry);
  }

  /** Moves the acknowledged frame on over the oldest frames the bus has acknowledged. */
  private advance(): void {
    while (this.inFlight[0]?.acked === true) {
      const { frame } = this.inFlight.shift()!;
      if (frame !== null) this.acknowledged = frame;
    }
  }
}
