import type { RgbImage } from '../core/image.js';
import type { CropRegion } from './preprocess-config.js';

/**
 * How a preprocessed frame maps back to the captured one: a point (x, y) of the preprocessed frame is at
 * (offsetX + x / scaleX, offsetY + y / scaleY) in the captured frame's pixels.
 */
export interface FrameTransform {
  readonly offsetX: number;
  readonly offsetY: number;
  readonly scaleX: number;
  readonly scaleY: number;
}

export const IDENTITY_TRANSFORM: FrameTransform = Object.freeze({ offsetX: 0, offsetY: 0, scaleX: 1, scaleY: 1 });

export function isIdentityTransform(transform: FrameTransform): boolean {
  return transform.offsetX === 0 && transform.offsetY === 0 && transform.scaleX === 1 && transform.scaleY === 1;
}

/** The crop region clipped to a frame of `width` x `height`. @throws RangeError when nothing of it is inside. */
export function clipRegion(region: CropRegion, width: number, height: number): CropRegion {
  const x = Math.min(region.x, width);
  const y = Math.min(region.y, height);
  const clipped = { x, y, width: Math.min(region.width, width - x), height: Math.min(region.height, height - y) };
  if (clipped.width <= 0 || clipped.height <= 0) {
    throw new RangeError(`the crop region ${region.width}x${region.height} at ${region.x},${region.y} lies outside the ${width}x${height} frame`);
  }
  return clipped;
}

/** The pixels of `region` (inside the image), copied row by row. */
export function cropImage(image: RgbImage, region: CropRegion): RgbImage {
  const out = new Uint8Array(region.width * region.height * 3);
  const rowBytes = region.width * 3;
  for (let row = 0; row < region.height; row += 1) {
    const from = ((region.y + row) * image.width + region.x) * 3;
    out.set(image.data.subarray(from, from + rowBytes), row * rowBytes);
  }
  return { data: out, width: region.width, height: region.height };
}

/** The image scaled to `width` x `height` with bilinear sampling (pixel centres aligned, edges replicated). */
export function resizeImage(image: RgbImage, width: number, height: number): RgbImage {
  const { data, width: sourceWidth, height: sourceHeight } = image;
  const out = new Uint8Array(width * height * 3);
  const ratioX = sourceWidth / width;
  const ratioY = sourceHeight / height;
  for (let v = 0; v < height; v += 1) {
    const sy = Math.min(sourceHeight - 1, Math.max(0, (v + 0.5) * ratioY - 0.5));
    const y0 = Math.floor(sy);
    const y1 = Math.min(sourceHeight - 1, y0 + 1);
    const fy = sy - y0;
    for (let u = 0; u < width; u += 1) {
      const sx = Math.min(sourceWidth - 1, Math.max(0, (u + 0.5) * ratioX - 0.5));
      const x0 = Math.floor(sx);
      const x1 = Math.min(sourceWidth - 1, x0 + 1);
      const fx = sx - x0;
      const a = (y0 * sourceWidth + x0) * 3;
      const b = (y0 * sourceWidth + x1) * 3;
      const c = (y1 * sourceWidth + x0) * 3;
      const d = (y1 * sourceWidth + x1) * 3;
      const o = (v * width + u) * 3;
      for (let k = 0; k < 3; k += 1) {
        const top = data[a + k]! + (data[b + k]! - data[a + k]!) * fx;
        const bottom = data[c + k]! + (data[d + k]! - data[c + k]!) * fx;
        out[o + k] = Math.round(top + (bottom - top) * fy);
      }
    }
  }
  return { data: out, width, height };
}
