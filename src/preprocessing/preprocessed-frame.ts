import type { FrameSize, RgbImage } from '../core/image.js';
import type { CapturedFrame } from '../ingestion/captured-frame.js';
import { convertColorSpace, type PixelBuffer } from './color-space.js';
import { clipRegion, cropImage, IDENTITY_TRANSFORM, resizeImage, type FrameTransform } from './crop-resize.js';
import { equalizeLuminance } from './equalize-luminance.js';
import type { CropRegion, PreprocessConfig } from './preprocess-config.js';

/**
 * A frame ready for extraction. `image` is what the hand models read: the
 * captured frame itself unless a crop or resize is configured (no copy on the hot path). The configured colour
 * space, equalisation and normalisation are computed only when a classifier or export asks, then kept.
 */
export interface PreprocessedFrame {
  readonly captured: CapturedFrame;
  /** RGB, cropped and resized as configured. */
  readonly image: RgbImage;
  /**
   * Maps points of `image` back to the frame's own pixels: the captured frame's, or, where the source scaled it
   * while decoding, the pixels of the frame before that (`sourceSize`).
   */
  readonly transform: FrameTransform;
  /** The frame's own size, which `transform` maps to: `captured.metadata.decodedFrom`, else the captured frame's. */
  readonly sourceSize: FrameSize;
  /** The pixels in the configured colour space, equalised if configured, as bytes. Computed once on first call. */
  pixels(): PixelBuffer;
  /** `pixels()` as floats in [0, 1]. Computed once on first call. */
  normalizedPixels(): PixelBuffer<Float32Array>;
  /** The configured view: `normalizedPixels()` when `normalize` is on, else `pixels()`. */
  view(): PixelBuffer<Uint8Array | Float32Array>;
}

/** Crops and resizes as configured (the only work done now); the rest waits until asked for. */
export function preprocessFrame(captured: CapturedFrame, config: PreprocessConfig): PreprocessedFrame {
  const sourceSize = captured.metadata.decodedFrom ?? { width: captured.frame.width, height: captured.frame.height };
  const { image, transform } = geometry(captured.frame, sourceSize, config);
  let pixels: PixelBuffer | undefined;
  let normalized: PixelBuffer<Float32Array> | undefined;
  const frame: PreprocessedFrame = {
    captured,
    image,
    transform,
    sourceSize,
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

/**
 * Crops and resizes `frame` as configured. `sourceSize` is the frame's own size (larger than `frame` where the
 * source scaled it while decoding): the configured crop is in its pixels, and the transform maps back to them.
 */
function geometry(frame: RgbImage, sourceSize: FrameSize, config: PreprocessConfig): { image: RgbImage; transform: FrameTransform } {
  const decodeScaleX = frame.width / sourceSize.width;
  const decodeScaleY = frame.height / sourceSize.height;
  const scaledWhileDecoding = decodeScaleX !== 1 || decodeScaleY !== 1;
  if (config.crop === undefined && config.resize === undefined) {
    return { image: frame, transform: scaledWhileDecoding ? { offsetX: 0, offsetY: 0, scaleX: decodeScaleX, scaleY: decodeScaleY } : IDENTITY_TRANSFORM };
  }
  const crop = config.crop === undefined ? undefined : scaleRegion(config.crop, decodeScaleX, decodeScaleY);
  const region = crop === undefined ? undefined : clipRegion(crop, frame.width, frame.height);
  const cropped = region === undefined ? frame : cropImage(frame, region);
  const size = config.resize ?? { width: cropped.width, height: cropped.height };
  const image = size.width === cropped.width && size.height === cropped.height ? cropped : resizeImage(cropped, size.width, size.height);
  return {
    image,
    transform: {
      offsetX: (region?.x ?? 0) / decodeScaleX,
      offsetY: (region?.y ?? 0) / decodeScaleY,
      scaleX: (image.width / cropped.width) * decodeScaleX,
      scaleY: (image.height / cropped.height) * decodeScaleY,
    },
  };
}

/** A region of the frame's own pixels in those of the frame scaled by (scaleX, scaleY), whole pixels covering it. */
function scaleRegion(region: CropRegion, scaleX: number, scaleY: number): CropRegion {
  if (scaleX === 1 && scaleY === 1) return region;
  const x = Math.floor(region.x * scaleX);
  const y = Math.floor(region.y * scaleY);
  return { x, y, width: Math.max(1, Math.ceil((region.x + region.width) * scaleX) - x), height: Math.max(1, Math.ceil((region.y + region.height) * scaleY) - y) };
}
