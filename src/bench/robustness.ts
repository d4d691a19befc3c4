import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import type { RgbImage } from '../core/image.js';
import type { BoundingBox } from '../extraction/geometry/hand-box.js';
import { HandLandmarker } from '../extraction/hand-landmarker.js';
import type { ExtractionResult } from '../extraction/hand-landmarker-result.js';
import { FingerCountClassifier } from '../inference/classifiers/finger-count-classifier.js';
import { decodeImageFile, isImagePath } from '../ingestion/image-decoder.js';
import { sharedData } from '../testing/shared-data.js';
import { PHOTO_VARIANTS } from './photo-variants.js';
import { VariantTally, formatRobustnessTable } from './robustness-table.js';
import { formatZoomVideo, measureZoomVideo } from './zoom-video.js';

const PHOTOS = 'finger-count-epsrc/testing_set';
/** The photo folders, named after the fingers shown. */
const COUNTS = [1, 2, 3, 4, 5];

const USAGE = `Usage: npm run bench:robustness -- [--limit N] [--only TEXT] [--no-video]

Derives variants of the finger-count photos (../shared/data/${PHOTOS}, 40 per count) in memory: rotated,
the hand scaled to fill 15-90% of the frame's shorter side, darkened, blurred, JPEG-compressed, mirrored. Runs
each through the still-image engine (maxHands 2, full model) and prints hand recall, exact finger count and
engine time per photo for every variant; then the zoom video (a hand in how many frames, video mode).

Options:
  --limit N    the first N photos of each count (default all 40)
  --only TEXT  only the variants whose name contains TEXT, beside the original (e.g. --only darkened)
  --no-video   leave out the zoom video`;

interface Photo {
  path: string;
  count: number;
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { limit: { type: 'string' }, only: { type: 'string' }, 'no-video': { type: 'boolean' }, help: { type: 'boolean' } } });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const limit = values.limit === undefined ? Number.POSITIVE_INFINITY : Number(values.limit);
  if (!(Number.isInteger(limit) && limit > 0) && limit !== Number.POSITIVE_INFINITY) {
    console.error(`--limit must be a whole number above 0, not "${values.limit}"\n\n${USAGE}`);
    return 2;
  }
  const photos = COUNTS.flatMap((count) => {
    const folder = sharedData(`${PHOTOS}/${count}`);
    return readdirSync(folder).filter(isImagePath).sort().slice(0, limit).map((name): Photo => ({ path: join(folder, name), count }));
  });

  const variants = PHOTO_VARIANTS.filter((variant, index) => index === 0 || variant.name.includes(values.only ?? ''));
  const landmarker = await HandLandmarker.create();
  try {
    console.log(`handflow robustness: ${photos.length} photos of ${PHOTOS}, model ${landmarker.options.model}, maxHands ${landmarker.options.maxHands}`);
    const tallies = new Map(variants.map((variant) => [variant.name, new VariantTally()]));
    const counter = new FingerCountClassifier();
    for (const [index, photo] of photos.entries()) {
      const image = await decodeImageFile(photo.path);
      const hand = largestHand((await landmarker.detect(image)).hands.map((found) => found.boundingBox));
      for (const variant of variants) {
        const changed = await variant.make(image, hand);
        if (changed === undefined) continue;
        const { result, ms } = await timedDetect(landmarker, changed);
        tallies.get(variant.name)!.add(result.handsDetected > 0, counter.classify(result).fingerCount === photo.count, ms);
      }
      process.stderr.write(`\r${index + 1} of ${photos.length} photos`);
    }
    process.stderr.write('\n');
    console.log(formatRobustnessTable(tallies));
    const all = [...tallies.values()];
    const meanMs = (list: VariantTally[]) => list.reduce((sum, tally) => sum + tally.detectMs, 0) / list.reduce((sum, tally) => sum + tally.photos, 0);
    console.log(`still-image engine time: ${meanMs([all[0]!]).toFixed(1)} ms per photo on the photos themselves, ${meanMs(all).toFixed(1)} ms over all variants`);
    if (!values['no-video']) console.log(formatZoomVideo(await measureZoomVideo(landmarker)));
  } finally {
    await landmarker.close();
  }
  return 0;
}

/** The largest of the hands' boxes: the photo's hand (a stray second "hand" is smaller). */
function largestHand(boxes: BoundingBox[]): BoundingBox | undefined {
  return boxes.sort((a, b) => b.width * b.height - a.width * a.height)[0];
}

async function timedDetect(landmarker: HandLandmarker, image: RgbImage): Promise<{ result: ExtractionResult; ms: number }> {
  const start = performance.now();
  const result = await landmarker.detect(image);
  return { result, ms: performance.now() - start };
}

process.exitCode = await main(process.argv.slice(2));
