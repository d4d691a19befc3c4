import { stat } from 'node:fs/promises';

import { HandflowError } from '../core/errors.js';
import { MAX_CAMERA_NUMBER } from './capture-config.js';
import { isImagePath } from './image-decoder.js';
import { looksLikeUrl } from './network-input.js';
import type { StreamHosts } from './stream-hosts.js';

/** Which source to read, as parsed from a `--source` text. */
export type SourceSpec =
  /** A camera; without a device, the capture config's `device`. */
  | { readonly kind: 'webcam'; readonly device?: number }
  /** A video file; `startFrame`: resume there (a stream moved to another worker), numbering frames on from it. */
  | { readonly kind: 'video-file'; readonly path: string; readonly startFrame?: number }
  /** An image file or a folder of images; `within`: the folders its images must really be in (see `ExpandOptions`). */
  | { readonly kind: 'images'; readonly path: string; readonly within?: readonly string[] }
  /**
   * A network stream; `hosts`: the hosts it may be read from (default: any); `recording`: a recording, read once,
   * every frame, or a live stream, kept up with (default: by the URL's form, see isRecordingUrl).
   */
  | { readonly kind: 'network'; readonly url: string; readonly hosts?: StreamHosts; readonly recording?: boolean };

const SOURCE_FORMS = 'a source is webcam, webcam:N, a video or image file, a folder of images, or an rtsp:// or http:// URL';

/**
 * Reads a source text: `webcam` or `webcam:N`, a URL (`rtsp://`, `http://`, ...), a folder (of images), an image
 * file (by its ending) or else a video file. `within` confines an image folder's walk (see `ExpandOptions`).
 *
 * @throws HandflowError INVALID_OPTION (malformed webcam number) or INPUT_NOT_FOUND (no such file or folder).
 */
export async function parseSourceSpec(text: string, { within }: { readonly within?: readonly string[] } = {}): Promise<SourceSpec> {
  const webcam = /^webcam(?::(.*))?$/i.exec(text);
  if (webcam !== null) {
    if (webcam[1] === undefined) return { kind: 'webcam' };
    const device = Number(webcam[1]);
    if (!/^\d+$/.test(webcam[1]) || device > MAX_CAMERA_NUMBER) throw new HandflowError('INVALID_OPTION', `"${text}": the camera number must be a whole number from 0 to ${MAX_CAMERA_NUMBER}`);
    return { kind: 'webcam', device };
  }
  if (looksLikeUrl(text)) return { kind: 'network', url: text };
  let isFolder: boolean;
  try {
    isFolder = (await stat(text)).isDirectory();
  } catch {
    throw new HandflowError('INPUT_NOT_FOUND', `no such file or folder: ${text} (${SOURCE_FORMS})`);
  }
  if (!isFolder && !isImagePath(text)) return { kind: 'video-file', path: text };
  return { kind: 'images', path: text, ...(within === undefined ? {} : { within }) };
}
