import type { CaptureOptions } from '../ingestion/capture-config.js';
import type { FrameSource } from '../ingestion/frame-source.js';
import { openSource } from '../ingestion/open-source.js';
import { parseSourceSpec } from '../ingestion/source-spec.js';
import { allowedFile } from './allowed-file.js';
import type { ServerSideSourceRequest } from './source-request.js';

/**
 * Opens (without starting) the source a client asked for, as the server and cluster workers both do: files only
 * from `allowedFolders`, links followed; `startFrame` resumes a video file part-way (a stream moved to another
 * worker).
 *
 * @throws ApiError FILE_NOT_ALLOWED, INPUT_NOT_FOUND; HandflowError from the source spec.
 */
export async function openRequestedSource(
  request: ServerSideSourceRequest,
  capture: CaptureOptions,
  allowedFolders: readonly string[],
  startFrame = 0,
): Promise<FrameSource> {
  switch (request.type) {
    case 'camera':
      return openSource({ kind: 'webcam', device: request.device }, capture);
    case 'url':
      return openSource({ kind: 'network', url: request.url }, capture);
    case 'file': {
      const spec = await parseSourceSpec(await allowedFile(request.path, allowedFolders), { within: allowedFolders });
      const resumed = spec.kind === 'video-file' && startFrame > 0 ? { ...spec, startFrame } : spec;
      return openSource(resumed, { ...capture, realtime: request.realtime });
    }
  }
}
