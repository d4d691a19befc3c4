import type { FrameSize } from '../core/image.js';

/** A bound on the pixels of an image or a video frame, and how messages say it. */
export interface PixelLimit {
  readonly pixels: number;
  readonly text: string;
}

/**
 * Photos above 100 megapixels (300 MB as RGB) are refused rather than exhausting memory: a small file can hold
 * a huge image (a 311 KB PNG of 10000x10000 decodes to 300 MB).
 */
export const IMAGE_PIXEL_LIMIT: PixelLimit = { pixels: 100_000_000, text: '100 megapixels' };

/**
 * Video frames (files, cameras, streams) above 8K UHD are refused: no camera or stream sends more, and a video
 * costs several frames at once (ffmpeg decodes ahead, converts, pipes): an MJPEG of 10000x10000 took 2.6 GB to
 * play (`handflow run`, its ffmpeg included, at their peaks), one of 7680x4320 1.0 GB.
 */
export const VIDEO_PIXEL_LIMIT: PixelLimit = { pixels: 7680 * 4320, text: '7680x4320 (8K)' };

/**
 * A browser's camera frames above 4K are refused before decoding: the dashboard sends 640x480, and a client
 * sends a frame up to 15 times a second, each decoded on the server.
 */
export const CAMERA_FRAME_PIXEL_LIMIT: PixelLimit = { pixels: 3840 * 2160, text: '8.3 megapixels (4K, 3840x2160)' };

/** "too large (11000x11000 pixels, the limit is 100 megapixels)"; `size` may be a text when it is not known exactly. */
export function tooLargeText(size: FrameSize | string, limit: PixelLimit): string {
  const pixels = typeof size === 'string' ? size : `${size.width}x${size.height} pixels`;
  return `too large (${pixels}, the limit is ${limit.text})`;
}

/** Why a frame or image of `size` is refused ({@link tooLargeText}), or undefined when it is within `limit`. */
export function pixelLimitProblem(size: FrameSize, limit: PixelLimit): string | undefined {
  return size.width * size.height > limit.pixels ? tooLargeText(size, limit) : undefined;
}
