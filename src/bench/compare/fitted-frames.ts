import { holdFrames } from '../../cli/engine-cpu-bench.js';
import { decodeVideoFrames, type VideoFrame } from '../../ingestion/video-decoder.js';

export interface FittedFrames {
  readonly width: number;
  readonly height: number;
  /** handflow's input: each frame as RGB, with its index and timestamp. */
  readonly frames: readonly VideoFrame[];
  /** The browser's input, the same pixels as RGBA (the layout of ImageData), every frame one after another. */
  readonly rgba: Uint8Array;
}

/**
 * A video's frames fitted into `width` x `height` (scaled, keeping the aspect ratio, and padded black, as a
 * camera-like frame), decoded once by ffmpeg and held in memory, so decoding costs neither engine anything.
 */
export async function decodeFittedFrames(video: string, width: number, height: number, limit = Number.POSITIVE_INFINITY): Promise<FittedFrames> {
  const { frames } = await holdFrames(decodeVideoFrames(video, { fitInto: { width, height } }), limit);
  const pixels = width * height;
  const rgba = new Uint8Array(frames.length * pixels * 4);
  frames.forEach(({ image }, index) => {
    for (let pixel = 0, to = index * pixels * 4; pixel < pixels; pixel++, to += 4) {
      rgba[to] = image.data[pixel * 3]!;
      rgba[to + 1] = image.data[pixel * 3 + 1]!;
      rgba[to + 2] = image.data[pixel * 3 + 2]!;
      rgba[to + 3] = 255;
    }
  });
  return { width, height, frames, rgba };
}
