import sharp, { type Sharp } from 'sharp';

import type { RgbImage } from '../core/image.js';

export interface Rgb {
  r: number;
  g: number;
  b: number;
}

/** The mean colour of an image: a plain fill for what a variant shows beyond the photo. */
export function meanColour(image: RgbImage): Rgb {
  const sums = [0, 0, 0];
  for (let i = 0; i < image.data.length; i++) sums[i % 3]! += image.data[i]!;
  const pixels = image.width * image.height;
  const [r, g, b] = sums.map((sum) => Math.round(sum / pixels)) as [number, number, number];
  return { r, g, b };
}

/** An image as sharp's input. */
export function sharpOf(image: RgbImage): Sharp {
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } });
}

/** Sharp's output as an RGB image. */
export async function rgbOf(pipeline: Sharp): Promise<RgbImage> {
  const { data, info } = await pipeline.removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}

/**
 * The part of `image` centred on (centreX, centreY) (image pixels) enlarged `zoom` times (below 1: shrunk), as
 * an outWidth x outHeight image, like a camera zooming on that point; where it reaches past the image, `fill`.
 */
export async function frameAround(image: RgbImage, centreX: number, centreY: number, zoom: number, outWidth: number, outHeight: number, fill: Rgb): Promise<RgbImage> {
  // The image window the output shows, and the part of it inside the image, in whole pixels.
  const left = centreX - outWidth / 2 / zoom;
  const top = centreY - outHeight / 2 / zoom;
  const x0 = Math.max(0, Math.floor(left));
  const y0 = Math.max(0, Math.floor(top));
  const x1 = Math.min(image.width, Math.ceil(left + outWidth / zoom));
  const y1 = Math.min(image.height, Math.ceil(top + outHeight / zoom));
  // Where that part lands in the output.
  const outX0 = clamp(Math.round((x0 - left) * zoom), 0, outWidth - 1);
  const outY0 = clamp(Math.round((y0 - top) * zoom), 0, outHeight - 1);
  const outX1 = clamp(Math.round((x1 - left) * zoom), outX0 + 1, outWidth);
  const outY1 = clamp(Math.round((y1 - top) * zoom), outY0 + 1, outHeight);
  const pipeline = sharpOf(image)
    .extract({ left: x0, top: y0, width: x1 - x0, height: y1 - y0 })
    .resize(outX1 - outX0, outY1 - outY0, { fit: 'fill' })
    .extend({ left: outX0, top: outY0, right: outWidth - outX1, bottom: outHeight - outY1, background: fill });
  return rgbOf(pipeline);
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
