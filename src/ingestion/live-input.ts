import { webcamInput, type CameraMode } from './cameras.js';
import type { FfmpegInput } from './ffmpeg-input.js';
import { networkInput } from './network-input.js';
import { StreamHosts } from './stream-hosts.js';

/**
 * What a live source reads, as plain data: a camera or a network stream. It crosses to the thread that reads the
 * source (see ThreadedLiveProducer), so it holds no objects: the allowed hosts travel as their patterns.
 */
export type LiveInputSpec =
  | { readonly kind: 'webcam'; readonly device: number; readonly mode: CameraMode }
  | { readonly kind: 'network'; readonly url: string; readonly hostPatterns: readonly string[]; readonly caFile?: string };

/** Finds the camera or checks the URL. @throws HandflowError saying what is wrong */
export async function openLiveInput(spec: LiveInputSpec): Promise<FfmpegInput> {
  if (spec.kind === 'webcam') return webcamInput(spec.device, spec.mode);
  return networkInput(spec.url, StreamHosts.parse(spec.hostPatterns), spec.caFile);
}
