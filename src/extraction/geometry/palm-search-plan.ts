import { shrunkImageView, tileViews, wholeImageView, type PalmView } from './palm-views.js';
import type { RotatedRect } from './types.js';

/** The close-up crop: the square on the frame's longer side (1.4 times it found no more hands). */
const CLOSE_UP_CROP = 1;

/**
 * Still images: the palm searches after MediaPipe's own, each a set of views searched together: the image
 * shrunk (hands too close to the camera), then the tiles (hands too far from it).
 */
export function stillImageExtraSearches(width: number, height: number): PalmView[][] {
  return [[shrunkImageView(width, height)], tileViews(width, height)];
}

/**
 * Still images, when no palm found at any scale gave a hand the model is sure of: the landmark model's crop for a
 * hand filling the frame (centred, upright, CLOSE_UP_CROP times the frame's longer side), as tracking would hold
 * a hand brought that close.
 */
export function closeUpRect(width: number, height: number): RotatedRect {
  const size = CLOSE_UP_CROP * Math.max(width, height);
  return { xCenter: width / 2, yCenter: height / 2, width: size, height: size, rotation: 0 };
}

/**
 * Video, while no hand is tracked: the one view of the `search`-th search in a row (from 0). Every other search
 * is MediaPipe's whole image, so a hand at an ordinary distance is picked up at most a frame later than with it
 * alone; the searches between take turns, the shrunk image on every other one and a tile on the rest, so a
 * close hand is found within four searches and a far one within four per tile. Each search costs what
 * MediaPipe's does: one run of the palm model.
 */
export function videoSearchView(width: number, height: number, search: number): PalmView {
  if (search % 2 === 0) return wholeImageView(width, height);
  const turn = (search - 1) / 2;
  if (turn % 2 === 0) return shrunkImageView(width, height);
  const tiles = tileViews(width, height);
  return tiles[((turn - 1) / 2) % tiles.length]!;
}
