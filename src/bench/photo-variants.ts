import sharp from 'sharp';

import type { RgbImage } from '../core/image.js';
import type { BoundingBox } from '../extraction/geometry/hand-box.js';
import { frameAround, meanColour, rgbOf, sharpOf } from './frame-around.js';

/**
 * One way of changing a photo, made in code from the photo and its hand's box (landmarks, image pixels; undefined
 * when the photo's hand was not found). Undefined out: this variant needs the box.
 */
export interface PhotoVariant {
  name: string;
  make(photo: RgbImage, hand: BoundingBox | undefined): Promise<RgbImage | undefined>;
}

/** How much of the frame's shorter side the hand's box fills in the scale variants. */
export const HAND_FILLS = [0.15, 0.3, 0.5, 0.7, 0.9] as const;
/** Rotations in degrees, clockwise; 0 is the photo itself. */
export const ROTATIONS = Array.from({ length: 12 }, (_, step) => step * 30);
/** A horizontal smear this many pixels long, as a hand moving during the exposure. */
const MOTION_BLUR_PIXELS = 15;
const JPEG_QUALITY = 15;

/**
 * The hand scaled to fill `fill` of the frame's shorter side (the longer side of its landmarks' box), centred,
 * in a frame of the photo's size: cropped around it to enlarge it, or shrunk with the frame padded in the
 * photo's mean colour.
 */
export function handFilling(fill: number): PhotoVariant {
  return {
    name: `hand ${Math.round(fill * 100)}% of frame`,
    make: async (photo, hand) => {
      if (hand === undefined) return undefined;
      const zoom = (fill * Math.min(photo.width, photo.height)) / Math.max(hand.width, hand.height);
      return frameAround(photo, hand.x + hand.width / 2, hand.y + hand.height / 2, zoom, photo.width, photo.height, meanColour(photo));
    },
  };
}

/** Turned clockwise about its centre; the canvas grows to hold the whole photo, corners in its mean colour. */
function rotated(degrees: number): PhotoVariant {
  return { name: degrees === 0 ? 'original (rotated 0°)' : `rotated ${degrees}°`, make: (photo) => rgbOf(sharpOf(photo).rotate(degrees, { background: meanColour(photo) })) };
}

/** Every channel value through `curve` (0-255 in and out). */
function toneMapped(name: string, curve: (value: number) => number): PhotoVariant {
  const table = Uint8Array.from({ length: 256 }, (_, value) => Math.round(curve(value)));
  return { name, make: async (photo) => ({ width: photo.width, height: photo.height, data: photo.data.map((value) => table[value]!) }) };
}

/** The photo at a quarter of its brightness, as underexposed. */
export const QUARTER_BRIGHTNESS = toneMapped('darkened: 25% brightness', (value) => value * 0.25);
/** The photo through a gamma of 2.5: shadows crushed towards black, highlights kept. */
export const GAMMA_DARKENED = toneMapped('darkened: gamma 2.5', (value) => 255 * (value / 255) ** 2.5);
/** The photo saved as a JPEG of quality 15: blocky, colours smeared. */
export const LOW_QUALITY_JPEG: PhotoVariant = {
  name: `JPEG quality ${JPEG_QUALITY}`,
  make: async (photo) => rgbOf(sharp(await sharpOf(photo).jpeg({ quality: JPEG_QUALITY }).toBuffer())),
};

const horizontalLine = (length: number) => Array.from({ length: 3 * length }, (_, index) => (Math.floor(index / length) === 1 ? 1 : 0));

/** The variants of the robustness table, in its order: the photo itself first. */
export const PHOTO_VARIANTS: readonly PhotoVariant[] = [
  ...ROTATIONS.map(rotated),
  ...HAND_FILLS.map(handFilling),
  GAMMA_DARKENED,
  QUARTER_BRIGHTNESS,
  {
    name: `motion blur ${MOTION_BLUR_PIXELS} px`,
    make: (photo) => rgbOf(sharpOf(photo).convolve({ width: MOTION_BLUR_PIXELS, height: 3, kernel: horizontalLine(MOTION_BLUR_PIXELS) })),
  },
  LOW_QUALITY_JPEG,
  { name: 'mirrored', make: (photo) => rgbOf(sharpOf(photo).flop()) },
];
