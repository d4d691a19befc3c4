import { availableParallelism } from 'node:os';
import { cpuUsage } from 'node:process';

import type { LandmarkModelVariant } from '../extraction/hand-landmarker-options.js';
import { expandInputs, type InputFile } from '../ingestion/input-files.js';
import { analyzeOnWorkers } from './analyze-pool.js';
import { median } from './statistics.js';

/** Rounds of 1 worker then one per core: this machine's neighbours come and go, and a round's two runs share them. */
const ROUNDS = 3;

interface AnalyzeRun {
  /** End to end: engines loaded, every photo decoded and analysed. */
  readonly imagesPerSecond: number;
  /** From the moment every engine is loaded. */
  readonly loadedImagesPerSecond: number;
  readonly cpuMsPerImage: number;
  readonly failed: number;
}

/**
 * `handflow analyze` on a folder of photos with 1 worker, then with one per core (at least 2), in interleaved
 * rounds: images per second end to end and once the engines are loaded (loading them takes most of a second, which
 * a short run pays in full), CPU per image over all threads (end to end), and the speed-ups (the median of each
 * round's own).
 */
export async function benchAnalyze(folder: string, model: LandmarkModelVariant): Promise<void> {
  const { files } = await expandInputs([folder]);
  const images = files.filter((file) => file.kind === 'image');
  const counts = [...new Set([1, Math.max(2, availableParallelism())])];
  console.log(`\nanalyze: ${images.length} photos of ${folder}, on worker threads with an engine each, medians of ${ROUNDS} interleaved rounds`);
  const runs = counts.map((): AnalyzeRun[] => []);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [position, workers] of counts.entries()) runs[position]!.push(await analyzeRun(images, workers, model));
  }
  for (const [position, workers] of counts.entries()) {
    const mine = runs[position]!;
    const rate = (pick: (run: AnalyzeRun) => number): string => {
      const speedUps = mine.map((run, round) => pick(run) / pick(runs[0]![round]!));
      const speedUp = workers === 1 ? '' : ` (${median(speedUps).toFixed(2)}x one worker; rounds ${speedUps.map((ratio) => ratio.toFixed(2)).join(', ')})`;
      return `${median(mine.map(pick)).toFixed(1)} images/s${speedUp}`;
    };
    const failed = Math.max(...mine.map((run) => run.failed));
    console.log(
      `  ${workers} worker(s): ${rate((run) => run.imagesPerSecond)} end to end, ${rate((run) => run.loadedImagesPerSecond)} once loaded; ` +
        `${median(mine.map((run) => run.cpuMsPerImage)).toFixed(1)} ms CPU per image (all threads)${failed ? `, ${failed} failed` : ''}`,
    );
  }
}

async function analyzeRun(images: readonly InputFile[], workers: number, model: LandmarkModelVariant): Promise<AnalyzeRun> {
  const cpuBefore = cpuUsage();
  const started = performance.now();
  let loaded = started;
  let failed = 0;
  await analyzeOnWorkers(images, {
    workers,
    landmarker: { model },
    onLoaded: () => void (loaded = performance.now()),
    onOutcome: (_file, outcome) => void (failed += outcome.ok ? 0 : 1),
  });
  const ended = performance.now();
  const cpu = cpuUsage(cpuBefore);
  return {
    imagesPerSecond: (1000 * images.length) / (ended - started),
    loadedImagesPerSecond: (1000 * images.length) / (ended - loaded),
    cpuMsPerImage: (cpu.user + cpu.system) / 1000 / images.length,
    failed,
  };
}
