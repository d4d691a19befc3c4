import type { HandLandmarker } from '../extraction/hand-landmarker.js';
import { decodeImageFile } from '../ingestion/image-decoder.js';
import { expandInputs } from '../ingestion/input-files.js';

/** Still-image throughput of one engine on a folder of photos. */
export interface ImageBenchFigures {
  readonly folder: string;
  readonly photos: number;
  readonly seconds: number;
  /** Photos with at least one hand found. */
  readonly withHands: number;
  /** Photos that could not be decoded: skipped, and named in the report. */
  readonly unreadable: readonly string[];
}

/** Each photo of `folder` through `landmarker` in still-image mode, the next one decoding while this one is analysed. */
export async function benchImages(landmarker: HandLandmarker, folder: string): Promise<ImageBenchFigures> {
  const { files } = await expandInputs([folder]);
  const photos = files.filter((file) => file.kind === 'image').map((file) => file.path);
  // Settled at once, so a photo that cannot be read is counted when its turn comes, never left as a rejection in flight.
  const decode = (path: string) => decodeImageFile(path).then((image) => ({ image }), () => ({ image: undefined }));
  const started = performance.now();
  let withHands = 0;
  const unreadable: string[] = [];
  let next = photos[0] === undefined ? undefined : decode(photos[0]);
  for (const [index, path] of photos.entries()) {
    const { image } = await next!;
    next = photos[index + 1] === undefined ? undefined : decode(photos[index + 1]!);
    if (image === undefined) unreadable.push(path);
    else if ((await landmarker.detect(image)).handsDetected > 0) withHands++;
  }
  return { folder, photos: photos.length, seconds: (performance.now() - started) / 1000, withHands, unreadable };
}

export function formatImageBench({ folder, photos, seconds, withHands, unreadable }: ImageBenchFigures): string {
  const named = unreadable.slice(0, 3).join(', ') + (unreadable.length > 3 ? ', ...' : '');
  const skipped = unreadable.length === 0 ? '' : `; ${unreadable.length} unreadable, skipped (${named})`;
  return `images ${folder}: ${photos} photos, ${(photos / seconds).toFixed(1)} images/s (decode included), hands in ${withHands}${skipped}`;
}
