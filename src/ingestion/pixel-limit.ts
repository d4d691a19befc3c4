import type { FrameSize } from '../core/image.js';

/**
 * Images and video frames above this many pixels are refused (100 megapixels, 300 MB as RGB) rather than
 * exhausting memory: a small file can hold huge frames (a 1.4 MB MJPEG of 11000x11000 costs some 700 MB to play).
 */
export const MAX_PIXELS = 100_000_000;

/** "too large (11000x11000 pixels, the limit is 100 megapixels)"; `size` may be a text when it is not known exactly. */
export function tooLargeText(size: FrameSize | string): string {
  const pixels = typeof size === 'string' ? size : `${size.width}x${size.height} pixels`;
  return `too large (${pixels}, the limit is ${MAX_PIXELS / 1e6} megapixels)`;
}

/** Why a frame or image of `size` is refused ({@link tooLargeText}), or undefined when it is within the limit. */
export function pixelLimitProblem(size: FrameSize): string | undefined {
  return size.width * size.height > MAX_PIXELS ? tooLargeText(size) : undefined;
}
