import type { RgbImage } from '../core/image.js';

export type ColorSpace = 'rgb' | 'bgr' | 'hsv' | 'gray';

/** Interleaved 8-bit pixels with their channel count: 3 for rgb, bgr and hsv, 1 for gray. */
export interface PixelBuffer<Data extends Uint8Array | Float32Array = Uint8Array> {
  readonly data: Data;
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 3;
  readonly colorSpace: ColorSpace;
}

/** ITU-R BT.601 luma of an RGB pixel, as OpenCV's RGB2GRAY. */
export function luma(r: number, g: number, b: number): number {
  return Math.round(0.299 * r + 0.587 * g + 0.114 * b);
}

/**
 * The image in another colour space. `rgb` returns the image's own buffer (no copy). `hsv` follows OpenCV's
 * 8-bit convention: hue in degrees halved (0-179), saturation and value 0-255.
 */
export function convertColorSpace(image: RgbImage, colorSpace: ColorSpace): PixelBuffer {
  const { data, width, height } = image;
  const pixels = width * height;
  switch (colorSpace) {
    case 'rgb':
      return { data, width, height, channels: 3, colorSpace };
    case 'bgr': {
      const out = new Uint8Array(data.length);
      for (let i = 0; i < data.length; i += 3) {
        out[i] = data[i + 2]!;
        out[i + 1] = data[i + 1]!;
        out[i + 2] = data[i]!;
      }
      return { data: out, width, height, channels: 3, colorSpace };
    }
    case 'gray': {
      const out = new Uint8Array(pixels);
      for (let p = 0; p < pixels; p += 1) out[p] = luma(data[p * 3]!, data[p * 3 + 1]!, data[p * 3 + 2]!);
      return { data: out, width, height, channels: 1, colorSpace };
    }
    case 'hsv': {
      const out = new Uint8Array(data.length);
      for (let i = 0; i < data.length; i += 3) rgbToHsv(data[i]!, data[i + 1]!, data[i + 2]!, out, i);
      return { data: out, width, height, channels: 3, colorSpace };
    }
  }
}

function rgbToHsv(r: number, g: number, b: number, out: Uint8Array, at: number): void {
  const max = Math.max(r, g, b);
  const delta = max - Math.min(r, g, b);
  let degrees = 0;
  if (delta > 0) {
    if (max === r) degrees = (60 * (g - b)) / delta;
    else if (max === g) degrees = 120 + (60 * (b - r)) / delta;
    else degrees = 240 + (60 * (r - g)) / delta;
    if (degrees < 0) degrees += 360;
  }
  out[at] = Math.round(degrees / 2) % 180;
  out[at + 1] = max === 0 ? 0 : Math.round((255 * delta) / max);
  out[at + 2] = max;
}
