import { availableParallelism } from 'node:os';
import { cpuUsage } from 'node:process';

import type { LandmarkModelVariant } from '../extraction/hand-landmarker-options.js';
import { expandInputs } from '../ingestion/input-files.js';
import { analyzeOnWorkers } from './analyze-pool.js';

/**
 * `handflow analyze` on a folder of photos with 1 worker, then with one per core (at least 2), side by side in
 * one run: images per second end to end (engines loaded, every photo decoded and analysed), CPU per image over
 * all threads, and the speed-up.
 */
export async function benchAnalyze(folder: string, model: LandmarkModelVariant): Promise<void> {
  const { files } = await expandInputs([folder]);
  const images = files.filter((file) => file.kind === 'image');
  const counts = [...new Set([1, Math.max(2, availableParallelism())])];
  const rates: number[] = [];
  console.log(`\nanalyze: ${images.length} photos of ${folder}, on worker threads with an engine each`);
  for (const workers of counts) {
    const cpuBefore = cpuUsage();
    const started = performance.now();
    let failed = 0;
    await analyzeOnWorkers(images, { workers, landmarker: { model }, onOutcome: (_file, outcome) => void (failed += outcome.ok ? 0 : 1) });
    const seconds = (performance.now() - started) / 1000;
    const cpu = cpuUsage(cpuBefore);
    const rate = images.length / seconds;
    rates.push(rate);
    const cpuPerImage = (cpu.user + cpu.system) / 1000 / images.length;
    const speedUp = workers === 1 ? '' : `, ${(rate / rates[0]!).toFixed(2)}x one worker`;
    console.log(`  ${workers} worker(s): ${rate.toFixed(1)} images/s, ${cpuPerImage.toFixed(1)} ms CPU per image (all threads)${speedUp}${failed ? `, ${failed} failed` : ''}`);
  }
}
