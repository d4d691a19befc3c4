import type { RgbImage } from '../core/image.js';
import type { CapturedFrame } from '../ingestion/captured-frame.js';
import { convertColorSpace, type PixelBuffer } from './color-space.js';
import { clipRegion, cropImage, IDENTITY_TRANSFORM, resizeImage, type FrameTransform } from './crop-resize.js';
import { equalizeLuminance } from './equalize-luminance.js';
import type { PreprocessConfig } from './preprocess-config.js';

/**
 * A frame ready for extraction. `image` is what the hand models read: the
 * captured frame itself unless a crop or resize is configured (no copy on the hot path). The configured colour
 * space, equalisation and normalisation are computed only when a classifier or export asks, then kept.
 */
export interface PreprocessedFrame {
  readonly captured: CapturedFrame;
  /** RGB, cropped and resized as configured. */
  readonly image: RgbImage;
  /** Maps points of `image` back to the captured frame. */
  readonly transform: FrameTransform;
  /** The pixels in the configured colour space, equalised if configured, as bytes. Computed once on first call. */
  pixels(): PixelBuffer;
  /** `pixels()` as floats in [0, 1]. Computed once on first call. */
  normalizedPixels(): PixelBuffer<Float32Array>;
  /** The configured view: `normalizedPixels()` when `normalize` is on, else `pixels()`. */
  view(): PixelBuffer<Uint8Array | Float32Array>;
}

/** Crops and resizes as configured (the only work done now); the rest waits until asked for. */
export function preprocessFrame(captured: CapturedFrame, config: PreprocessConfig): PreprocessedFrame {
  const { image, transform } = geometry(captured.frame, config);
  let pixels: PixelBuffer | undefined;
  let normalized: PixelBuffer<Float32Array> | undefined;
  const frame: PreprocessedFrame = {
    captured,
    image,
    transform,
    pixels: () => (pixels ??= convertColorSpace(config.equalizeHistogram ? equalizeLuminance(image) : image, config.colorSpace)),
    normalizedPixels: () => (normalized ??= normalizePixels(frame.pixels())),
    view: () => (config.normalize ? frame.normalizedPixels() : frame.pixels()),
  };
  return frame;
}

/** Bytes 0-255 as floats 0-1. */
export function normalizePixels(pixels: PixelBuffer): PixelBuffer<Float32Array> {
  const data = new Float32Array(pixels.data.length);
  for (let i = 0; i < data.length; i += 1) data[i] = pixels.data[i]! / 255;
  return { ...pixels, data };
}

function geometry(source: RgbImage, config: PreprocessConfig): { image: RgbImage; transform: FrameTransform } {
  if (config.crop === undefined && config.resize === undefined) return { image: source, transform: IDENTITY_TRANSFORM };
  const region = config.crop === undefined ? undefined : clipRegion(config.crop, source.width, source.height);
  const cropped = region === undefined ? source : cropImage(source, region);
  const size = config.resize ?? { width: cropped.width, height: cropped.height };
  const image = size.width === cropped.width && size.height === cropped.height ? cropped : resizeImage(cropped, size.width, size.height);
  return {
    image,
    transform: { offsetX: region?.x ?? 0, offsetY: region?.y ?? 0, scaleX: image.width / cropped.width, scaleY: image.height / cropped.height },
  };
}
