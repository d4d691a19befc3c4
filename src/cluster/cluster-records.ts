import { z } from 'zod';

import { MEASURED_STAGES, PIPELINE_STAGES } from '../core/pipeline-stages.js';
import { playsAsRecording } from '../ingestion/recording-url.js';
import { frameSummarySchema } from '../orchestrator/frame-summary-shape.js';
import { SEVERITIES } from '../orchestrator/pipeline-error.js';
import { sessionEndReasonSchema, sessionMetricsSchema } from '../orchestrator/session-shapes.js';
import { serverSideSourceRequestSchema } from '../orchestrator/source-request.js';
import { outputEventSchema } from '../output/events/output-event.js';
import { projectSettingsSchema } from '../projects/project-settings.js';

/*
 * What the cluster keeps in NATS, defined once: the gateway writes streams, workers write leases, progress and
 * their own records, and every reader checks what it reads against these schemas.
 */

/** A stream's id: also the last token of its subject on the bus. */
const streamIdSchema = z.string().regex(/^[a-z0-9-]{1,64}$/);

/** A stream the cluster is asked to run: what `POST /api/sessions` asks of a gateway. Browser cameras stay local. */
export const clusterStreamSchema = z.strictObject({
  id: streamIdSchema,
  source: serverSideSourceRequestSchema,
  project: z.string().min(1),
  /**
   * A project of the user's own, as the gateway has it, less its actions (workers arm none): workers run it as it
   * is, though it may have been made in the dashboard or changed since they started. Built-in projects go by name.
   */
  userProject: projectSettingsSchema.optional(),
  /** Epoch ms. */
  createdAt: z.number(),
  /** Set by the gateway to stop the stream: its worker stops it, or it ends before any worker takes it. */
  stopRequested: z.boolean().default(false),
});

export type ClusterStream = z.output<typeof clusterStreamSchema>;

/**
 * Whether a stream taken over resumes after its last acknowledged frame, sending the frames after it again (a
 * file), or starts afresh from now (a camera or a network stream).
 */
export function resumesAfterAcknowledged(stream: ClusterStream): boolean {
  return stream.source.type === 'file';
}

/** How far a stream has got: the frames whose events the bus has acknowledged, and how it ended. */
export const streamProgressSchema = z.strictObject({
  /** Every frame up to this one has its events on the bus (files resume after it); null before the first. */
  acknowledgedFrame: z.number().int().min(0).nullable(),
  /** The worker that wrote this. */
  worker: z.string(),
  /** Set once the stream is over, for good. */
  ended: z.strictObject({ reason: sessionEndReasonSchema, at: z.number(), message: z.string().optional(), metrics: sessionMetricsSchema.optional() }).optional(),
});

export type StreamProgress = z.output<typeof streamProgressSchema>;

/**
 * How far past a stream's acknowledged frame (its progress) a holder's messages may have gone: a worker publishes
 * ahead of the progress it last wrote by the frames in flight and those acknowledged since (about half a second's).
 */
export const MAX_FRAMES_AHEAD = 1000;

/**
 * The number of the first frame a hold of the stream publishes, given its progress (none before any hold). A file
 * resumes after its acknowledged frame, and a URL to a recording starts over: both send again frames the bus may
 * hold already, numbered as before, so that it drops them by message id. A camera or a live network stream starts
 * from now, its frames numbered on past any an earlier hold may have sent: a number used again would have its new
 * frame dropped by the bus as a repeat, and its event keys taken by consumers for the earlier frame's.
 */
export function firstFrameOfHold(stream: ClusterStream, progress: StreamProgress | undefined): number {
  const { source } = stream;
  if (progress === undefined || (source.type === 'url' && playsAsRecording(source))) return 0;
  const after = (progress.acknowledgedFrame ?? -1) + 1;
  return resumesAfterAcknowledged(stream) ? after : after + MAX_FRAMES_AHEAD;
}

/** A lease's value: who holds the stream. The key is the stream's id; the bucket's age limit ends it. */
export const streamLeaseSchema = z.strictObject({ worker: z.string(), since: z.number() });

export type StreamLeaseValue = z.output<typeof streamLeaseSchema>;

/** A worker as it reports itself, about once a second; gone from the bucket a lease's length after it stops. */
export const workerRecordSchema = z.strictObject({
  id: z.string(),
  host: z.string(),
  pid: z.number().int(),
  maxStreams: z.number().int().min(1),
  /** False while a held stream does not keep up, or the worker is full: it takes no more. */
  accepting: z.boolean(),
  streams: z.record(z.string(), sessionMetricsSchema),
  /** Epoch ms. */
  at: z.number(),
});

export type WorkerRecord = z.output<typeof workerRecordSchema>;

/** A frame sets off a few events; a message carries at most this many (the publisher keeps the latest). */
export const MAX_EVENTS_PER_MESSAGE = 256;
/** Errors pile up while no frame comes (a source reconnecting); a message carries at most this many, the latest. */
export const MAX_ERRORS_PER_MESSAGE = 64;

/**
 * One message on `handflow.events.<stream>`: a frame's hands (as the dashboard draws them) and the output events
 * that frame set off, each event with its idempotency key `<stream>/<frame>/<n>`; or, with `frame` null, the
 * events after the last frame. The bus's own de-duplication uses `<stream>/<frame>` as the message id; a stream
 * resumed elsewhere may send a frame again (at-least-once), and consumers drop what they have seen by key.
 *
 * Every field is checked to its end, as whoever may publish on the subjects can send anything: stage names and
 * severities become metrics labels, and the summary goes to every WebSocket client as it is.
 */
export const busFrameMessageSchema = z
  .strictObject({
    stream: streamIdSchema,
    frame: z.number().int().min(0).nullable(),
    worker: z.string().min(1),
    /**
     * The frame's FrameSummary, as the WebSocket sends it; null for `frame` null. One that is not a summary is
     * read as none, so the frame's events and errors still pass (a stray NaN in a landmark costs the picture only).
     */
    summary: frameSummarySchema.nullable().catch(null),
    /** Time per stage for this frame, for the gateway's metrics. */
    latencyMs: z.partialRecord(z.enum(MEASURED_STAGES), z.number()).optional(),
    /** The output events, in the wire format of src/output/events/output-event.ts, unchanged. */
    events: z.array(z.strictObject({ key: z.string(), event: outputEventSchema })).max(MAX_EVENTS_PER_MESSAGE),
    /** Pipeline errors of the frame, as the WebSocket's `error` channel sends them. */
    errors: z
      .array(z.strictObject({ severity: z.enum(SEVERITIES), stage: z.enum(PIPELINE_STAGES), message: z.string() }))
      .max(MAX_ERRORS_PER_MESSAGE)
      .default([]),
  })
  .refine(
    ({ stream, frame, summary }) => (frame === null || summary === null ? summary === null : summary.sessionId === stream && summary.frameNumber === frame),
    'the summary is not that of the message\'s stream and frame',
  );

export type BusFrameMessage = z.output<typeof busFrameMessageSchema>;

/**
 * A header of every frame message: when its worker handed it to the bus (ms since the epoch, the worker's clock).
 * A message handed over just before its worker froze can reach the server after the worker thawed, and its
 * stream moved: this tells it from one sent after (which a worker never sends for a stream it may have lost).
 */
export const SENT_AT_HEADER = 'Handflow-Sent-At';

/**
 * A bucket entry's or a bus message's payload checked against its schema: undefined when it is not JSON, or not
 * of that shape. Anyone who may write to a bucket or subject can put anything there; one bad payload must cost
 * no more than itself.
 */
export function readPayload<S extends z.ZodType>(schema: S, payload: { json(): unknown }): z.output<S> | undefined {
  let json: unknown;
  try {
    json = payload.json();
  } catch {
    return undefined;
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}

/** The idempotency key of a frame's message, and (with its index) of one of its events. */
export function frameKey(stream: string, frame: number | null): string {
  return `${stream}/${frame ?? 'end'}`;
}
