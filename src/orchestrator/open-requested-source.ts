import type { CaptureOptions } from '../ingestion/capture-config.js';
import type { FrameSource } from '../ingestion/frame-source.js';
import { openSource } from '../ingestion/open-source.js';
import { parseSourceSpec } from '../ingestion/source-spec.js';
import type { StreamHosts } from '../ingestion/stream-hosts.js';
import { allowedFile } from './allowed-file.js';
import type { ServerSideSourceRequest } from './source-request.js';

/** What a server or a cluster worker may read for its clients. */
export interface SourceAccess {
  /** Folders file sources may be in (links followed on both sides). */
  readonly folders: readonly string[];
  /** Hosts URL sources may connect to (`--stream-host`). */
  readonly streamHosts: StreamHosts;
}

/**
 * Refuses a source `access` does not allow, before anything is opened: what a cluster's gateway checks before it
 * hands a stream to a worker (which checks again, when it opens it).
 *
 * @throws HandflowError FILE_NOT_ALLOWED, INPUT_NOT_FOUND, STREAM_HOST_NOT_ALLOWED
 */
export async function checkSourceAccess(request: ServerSideSourceRequest, access: SourceAccess): Promise<void> {
  if (request.type === 'file') await allowedFile(request.path, access.folders);
  if (request.type === 'url') access.streamHosts.check(request.url);
}

/**
 * Opens (without starting) the source a client asked for, as the server and cluster workers both do: files only
 * from the folders `access` gives, links followed; URLs only to its hosts. `startFrame` (a stream moved to another
 * worker) resumes a video file part-way, and numbers a live source's frames from there.
 *
 * @throws HandflowError FILE_NOT_ALLOWED, INPUT_NOT_FOUND; HandflowError from the source spec. A URL to a host `access`
 *   does not allow is refused when the source is initialized (STREAM_HOST_NOT_ALLOWED), before ffmpeg runs.
 */
export async function openRequestedSource(
  request: ServerSideSourceRequest,
  capture: CaptureOptions,
  access: SourceAccess,
  startFrame = 0,
): Promise<FrameSource> {
  const numbered = (source: FrameSource): FrameSource => {
    source.numberFrom(startFrame);
    return source;
  };
  switch (request.type) {
    case 'camera':
      return numbered(openSource({ kind: 'webcam', ...(request.device === undefined ? {} : { device: request.device }) }, capture));
    case 'url':
      // The source checks the host when it is initialized, before ffmpeg runs (networkInput). A recording plays at
      // its own pace, as a file session does by default; a live stream comes at its own pace anyway.
      return numbered(
        openSource({ kind: 'network', url: request.url, hosts: access.streamHosts, ...(request.recording === undefined ? {} : { recording: request.recording }) }, { ...capture, realtime: true }),
      );
    case 'file': {
      const { folders } = access;
      const spec = await parseSourceSpec(await allowedFile(request.path, folders), { within: folders });
      const resumed = spec.kind === 'video-file' && startFrame > 0 ? { ...spec, startFrame } : spec;
      return openSource(resumed, { ...capture, realtime: request.realtime });
    }
  }
}
