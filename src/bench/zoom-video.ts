import { readFileSync } from 'node:fs';

import type { RgbImage } from '../core/image.js';
import { landmarksBoundingBox, type BoundingBox } from '../extraction/geometry/hand-box.js';
import type { HandLandmarker } from '../extraction/hand-landmarker.js';
import { decodeVideoFrames } from '../ingestion/video-decoder.js';
import { sharedData } from '../testing/shared-data.js';
import { frameAround } from './frame-around.js';
import { percent } from './robustness-table.js';

const VIDEO = 'landmarks-reference/asl_hand.25fps.mp4';
/** MediaPipe's own landmarks for every frame of VIDEO: where the hand is, independent of handflow's engine. */
const REFERENCE_LANDMARKS = 'landmarks-reference/asl_hand.full.json';

/** At the end the hand's landmark box fills this share of the frame's shorter side. */
export const FINAL_FILL = 0.9;
/** The zoom reaches FINAL_FILL this far into the clip and holds it to the end. */
const ZOOM_SHARE = 2 / 3;
/** Frames are made at this share of the video's size (620x1080): a phone-like portrait frame, quicker to make. */
const OUTPUT_SCALE = 0.5;
/** The acceptance counts frames after these: tracking needs a frame or two to settle at the start. */
export const SETTLING_FRAMES = 5;

const BLACK = { r: 0, g: 0, b: 0 };

export interface ZoomFrame {
  image: RgbImage;
  index: number;
  timestampMs: number;
  /** How much of the frame's shorter side the hand's box fills. */
  fill: number;
}

/**
 * The ASL reference video zooming in on its hand, as a camera would: each frame is cropped around the hand's
 * box (from the reference landmarks) and enlarged so the box fills a growing share of the frame's shorter side,
 * from `startFill` (default: its own size in the first frame) to FINAL_FILL, by the same factor every frame.
 */
export async function* zoomVideoFrames(startFill?: number): AsyncGenerator<ZoomFrame> {
  const reference = JSON.parse(readFileSync(sharedData(REFERENCE_LANDMARKS), 'utf8')) as [number, number, number][][];
  const boxes = reference.map((points) => landmarksBoundingBox(points.map(([x, y]) => ({ x, y }))));
  const zoomFrames = Math.round(boxes.length * ZOOM_SHARE);
  let firstFill = startFill;
  for await (const frame of decodeVideoFrames(sharedData(VIDEO))) {
    const box = boxes[frame.index];
    if (box === undefined) break;
    const { width, height } = frame.image;
    const handSide = longerSide(box);
    firstFill ??= handSide / Math.min(width, height);
    const fill = firstFill * (FINAL_FILL / firstFill) ** Math.min(1, frame.index / zoomFrames);
    const outWidth = Math.round(width * OUTPUT_SCALE);
    const outHeight = Math.round(height * OUTPUT_SCALE);
    const zoom = (fill * Math.min(outWidth, outHeight)) / handSide;
    const image = await frameAround(frame.image, box.x + box.width / 2, box.y + box.height / 2, zoom, outWidth, outHeight, BLACK);
    yield { image, index: frame.index, timestampMs: frame.timestampMs, fill };
  }
}

export interface ZoomVideoFigures {
  frames: number;
  /** Frames after SETTLING_FRAMES. */
  counted: number;
  /** Of those, frames where a hand was found. */
  withHand: number;
  /** The counted frames without a hand, with how much the hand filled them. */
  missed: { index: number; fill: number }[];
}

/** Runs the zoom video through `landmarker` in video mode (tracking) and counts the frames with a hand. */
export async function measureZoomVideo(landmarker: HandLandmarker): Promise<ZoomVideoFigures> {
  landmarker.resetTracking();
  const figures: ZoomVideoFigures = { frames: 0, counted: 0, withHand: 0, missed: [] };
  for await (const frame of zoomVideoFrames()) {
    const result = await landmarker.detectForVideo(frame.image, frame.timestampMs);
    figures.frames++;
    if (frame.index < SETTLING_FRAMES) continue;
    figures.counted++;
    if (result.handsDetected > 0) figures.withHand++;
    else figures.missed.push({ index: frame.index, fill: frame.fill });
  }
  return figures;
}

export function formatZoomVideo({ counted, withHand, missed }: ZoomVideoFigures): string {
  const misses = missed.map(({ index, fill }) => `${index} (${Math.round(fill * 100)}%)`).join(', ');
  return (
    `zoom video (${VIDEO}, zooming in until the hand fills ${FINAL_FILL * 100}% of the frame's width): ` +
    `a hand in ${withHand} of ${counted} frames after the first ${SETTLING_FRAMES} (${percent(withHand / counted)})` +
    (misses ? `; missed frames (fill): ${misses}` : '')
  );
}

function longerSide(box: BoundingBox): number {
  return Math.max(box.width, box.height);
}
