import assert from 'node:assert/strict';
import { readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { openSource } from '../ingestion/open-source.js';
import { findProject } from '../projects/projects.js';
import { hasProc, processesMentioning } from '../testing/processes.js';
import { scratchFolder } from '../testing/scratch.js';
import { sharedData } from '../testing/shared-data.js';
import { buildSession } from './build-session.js';
import { loadConfig } from './config.js';
import { createLogger } from './logger.js';

const ASL = sharedData('landmarks-reference/asl_hand.25fps.mp4');
/** MediaPipe's own landmarks for the clip, in its 620x1080 pixels. */
const REFERENCE = JSON.parse(readFileSync(sharedData('landmarks-reference/asl_hand.full.json'), 'utf8')) as [number, number, number][][];
const HALF_SIZE = { width: 310, height: 540 };

const scratch = scratchFolder('handflow-scale-decoding-');

interface Run {
  /** Median distance (pixels of the 620x1080 video) from MediaPipe's landmarks over the frames with a hand. */
  medianError: number;
  framesWithHand: number;
  /** The size the results were given in. */
  sizes: Set<string>;
  /** ffmpeg's filters, read from its command line while it decoded. */
  ffmpegFilters: string | undefined;
}

/** Runs the clip through a whole session with `preprocess`, from a link of its own so its ffmpeg can be found. */
async function runClip(name: string, preprocess: object): Promise<Run> {
  const link = join(scratch.path, `${name}-${process.pid}.mp4`);
  symlinkSync(ASL, link);
  const config = await loadConfig({ cwd: scratch.path, env: {}, flags: { preprocess } });
  const { session } = await buildSession({ id: name, source: openSource({ kind: 'video-file', path: link }, config.capture), config, project: findProject(config.project), logger: createLogger('silent') });
  const errors: number[] = [];
  const sizes = new Set<string>();
  let ffmpegFilters: string | undefined;
  session.on('frame', ({ frameNumber, extraction }) => {
    sizes.add(`${extraction.imageWidth}x${extraction.imageHeight}`);
    if (frameNumber === 3 && hasProc) {
      const [pid] = processesMentioning(link);
      const args = pid === undefined ? [] : readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      ffmpegFilters = args[args.indexOf('-vf') + 1];
    }
    const hand = extraction.hands[0];
    const reference = REFERENCE[frameNumber];
    if (hand === undefined || reference === undefined) return;
    const distances = hand.landmarks.map((point, index) => Math.hypot(point.pixelX - reference[index]![0], point.pixelY - reference[index]![1]));
    errors.push(distances.reduce((sum, distance) => sum + distance, 0) / distances.length);
  });
  await session.run();
  errors.sort((a, b) => a - b);
  return { medianError: errors[Math.floor(errors.length / 2)]!, framesWithHand: errors.length, sizes, ffmpegFilters };
}

test('a frame resized whole is scaled by ffmpeg while decoding, with landmarks as good, in the video\'s own pixels', async () => {
  const scaled = await runClip('scaled', { resize: HALF_SIZE });
  // A crop of the whole frame keeps the resize on the pipeline's thread: the same picture, resized by handflow.
  const resizedHere = await runClip('resized-here', { crop: { x: 0, y: 0, width: 620, height: 1080 }, resize: HALF_SIZE });
  if (hasProc) {
    assert.match(scaled.ffmpegFilters ?? '', /scale=310:540:flags=bilinear/);
    // (the only scale there is the colour step of rgbRouteFilters, which keeps the size)
    assert.doesNotMatch(resizedHere.ffmpegFilters ?? '', /scale=\d/);
  }
  assert.deepEqual([...scaled.sizes], ['620x1080']);
  assert.deepEqual([...resizedHere.sizes], ['620x1080']);
  assert.equal(scaled.framesWithHand, 325);
  assert.equal(resizedHere.framesWithHand, 325);
  assert.ok(Math.abs(scaled.medianError - resizedHere.medianError) < 1, `median error ${scaled.medianError} px scaled by ffmpeg, ${resizedHere.medianError} px resized here`);
  assert.ok(scaled.medianError < 8, `median error ${scaled.medianError} px`);
});
