import { z } from 'zod';

import { cameraNumberSchema } from '../ingestion/capture-config.js';
import { STREAM_SCHEME_NAMES, streamUrlProblem } from '../ingestion/network-input.js';

const browserSource = z.strictObject({ type: z.literal('browser') }).describe('frames the client sends over the WebSocket (a browser camera)');

/** The sources a server or a cluster worker opens itself: all but a browser camera, whose frames are sent to it. */
const serverSideSources = [
  z
    .strictObject({ type: z.literal('camera'), device: cameraNumberSchema.optional().describe('without one, the capture.device setting of the server (or worker)') })
    .describe('a camera on the server'),
  z
    .strictObject({
      type: z.literal('file'),
      path: z.string().min(1).max(4096),
      /** Play at the video's own pace (as a person watches it) rather than as fast as the pipeline goes. */
      realtime: z.boolean().default(true),
    })
    .describe('a video or image file or folder in a folder the server may read'),
  z
    .strictObject({
      type: z.literal('url'),
      // Checked whole by streamUrlProblem, which says what is wrong once (zod's own check said it a second time).
      url: z
        .string()
        .max(4096)
        .superRefine((url, context) => {
          const problem = streamUrlProblem(url);
          if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
        }),
      /**
       * A recording (read once, every frame, ending at its end) or a live stream (kept up with: frames dropped when
       * behind, reconnected when it breaks). Left out, an http(s) URL whose path ends as a video file's does and that
       * has no query is a recording, and any other a live stream.
       */
      recording: z.boolean().optional().describe('true: a recording, read once, every frame; false: a live stream, kept up with; left out: by the URL'),
    })
    .describe(`a network stream that handflow connects to (${STREAM_SCHEME_NAMES.join(', ')})`),
] as const;

/** Where a session's frames come from, as a client asks for it. */
export const sourceRequestSchema = z.discriminatedUnion('type', [browserSource, ...serverSideSources]);

/** A source a server or a cluster worker opens itself (what a cluster's stream may ask for). */
export const serverSideSourceRequestSchema = z.discriminatedUnion('type', [...serverSideSources]);

export type SourceRequest = z.output<typeof sourceRequestSchema>;
export type ServerSideSourceRequest = z.output<typeof serverSideSourceRequestSchema>;

/** How lists and logs name a source (a URL's password and secret query values are never shown: see `redactUrl`). */
export function describeSourceRequest(source: SourceRequest, redact: (url: string) => string): string {
  switch (source.type) {
    case 'browser':
      return 'browser camera';
    case 'camera':
      return source.device === undefined ? 'webcam' : `webcam:${source.device}`;
    case 'file':
      return source.path;
    case 'url':
      return redact(source.url);
  }
}
