import sharp from 'sharp';

import type { RgbImage } from '../../core/image.js';
import { HAND_BONES } from './hand-skeleton.js';
import type { HandSummary } from './protocol.js';

/** Previews are at most this wide: enough to see the hand, small on the wire. */
export const PREVIEW_MAX_WIDTH = 480;

/** The hands' skeletons as an SVG of `width` x `height`, landmarks scaled from frame pixels by `scale`. */
export function skeletonSvg(hands: readonly HandSummary[], width: number, height: number, scale: number): string {
  const shapes = hands.flatMap((hand) => {
    const at = (index: number) => hand.landmarks[index]!.map((value) => (value * scale).toFixed(1));
    const bones = HAND_BONES.map(([from, to]) => {
      const [x1, y1] = at(from);
      const [x2, y2] = at(to);
      return `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}"/>`;
    });
    const joints = hand.landmarks.map((_, index) => {
      const [cx, cy] = at(index);
      return `<circle cx="${cx}" cy="${cy}" r="3"/>`;
    });
    return [`<g stroke="#22d3ee" stroke-width="2">${bones.join('')}</g>`, `<g fill="#f472b6">${joints.join('')}</g>`];
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${shapes.join('')}</svg>`;
}

/** The frame, scaled down to the preview's width, with the hands drawn over it, as JPEG. */
export async function previewJpeg(frame: RgbImage, hands: readonly HandSummary[]): Promise<{ jpeg: Buffer; width: number; height: number }> {
  const scale = Math.min(1, PREVIEW_MAX_WIDTH / frame.width);
  const width = Math.max(1, Math.round(frame.width * scale));
  const height = Math.max(1, Math.round(frame.height * scale));
  const jpeg = await sharp(frame.data, { raw: { width: frame.width, height: frame.height, channels: 3 } })
    .resize(width, height)
    .composite([{ input: Buffer.from(skeletonSvg(hands, width, height, scale)) }])
    .jpeg({ quality: 70 })
    .toBuffer();
  return { jpeg, width, height };
}
