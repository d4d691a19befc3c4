import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';

import { probeVideo } from '../ingestion/probe-video.js';
import { sharedData } from '../testing/shared-data.js';
import { BrowserCameraClient } from './browser-camera-client.js';
import { FileSessionLoop } from './file-session-loop.js';
import { sampleProcess, type ProcessSample } from './process-sampler.js';
import { ServedHandflow } from './served-handflow.js';
import { slopePerMinute } from './trend.js';

const USAGE = `Usage: npm run soak -- --minutes N [--sample-seconds S] [--video FILE]

Runs the real "handflow serve" on 127.0.0.1 for N minutes with a realtime file session (looping: a new one
when one ends, watched over the WebSocket with previews) and a browser session fed JPEG frames over /ws.
Samples the server's resident memory, open file descriptors and child processes every S seconds (default 5),
then prints their least-squares slopes per minute (after a warm-up) with start and end values, and the errors
seen. Exits 1 if a slope clearly grows or an error occurred.`;

/**
 * When a trend is clearly growing: its slope is over `perMinute` and the growth it fits over the measured
 * window is over `allowance` (a short run's noise is not a leak; a long run catches a slow one).
 */
const GROWTH_LIMITS = {
  rssMiB: { perMinute: 1, allowance: 16, unit: 'MiB' },
  openFds: { perMinute: 0.2, allowance: 4, unit: 'fds' },
  children: { perMinute: 0.1, allowance: 2, unit: 'processes' },
} as const;

type Measure = keyof typeof GROWTH_LIMITS;

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { minutes: { type: 'string' }, 'sample-seconds': { type: 'string', default: '5' }, video: { type: 'string' }, help: { type: 'boolean' } },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const minutes = Number(values.minutes);
  const sampleMs = Number(values['sample-seconds']) * 1000;
  if (!(minutes > 0) || !(sampleMs >= 1000)) {
    console.error(`soak: give --minutes N (more than 0) and --sample-seconds of 1 or more\n\n${USAGE}`);
    return 2;
  }
  const video = values.video ?? sharedData('landmarks-reference/asl_hand.25fps.mp4');
  const videoMs = (await probeVideo(video)).durationMs ?? 60_000;
  const photosFolder = sharedData('finger-count-epsrc/testing_set/5');
  const photos = readdirSync(photosFolder).filter((name) => name.endsWith('.jpg')).slice(0, 8).map((name) => join(photosFolder, name));

  const errors: string[] = [];
  const report = (problem: string): void => {
    errors.push(problem);
    console.error(`soak: ${problem}`);
  };
  const server = await ServedHandflow.start(dirname(video));
  console.log(`soak: handflow serve (pid ${server.pid}) at ${server.origin}; ${minutes} min, a sample every ${sampleMs / 1000} s`);
  const stop = new AbortController();
  const fileLoop = new FileSessionLoop(server.origin, video, videoMs * 3 + 30_000, report);
  const browser = new BrowserCameraClient(server.origin, photos, report);
  const workloads = [
    fileLoop.run(stop.signal).catch((error: unknown) => report(`file sessions: ${String(error)}`)),
    browser.run(stop.signal).catch((error: unknown) => report(`browser session: ${String(error)}`)),
  ];

  const samples: ProcessSample[] = [sampleProcess(server.pid)];
  const endAt = performance.now() + minutes * 60_000;
  while (performance.now() < endAt && server.running) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(sampleMs, endAt - performance.now())));
    if (!server.running) break;
    samples.push(sampleProcess(server.pid));
    const last = samples.at(-1)!;
    console.log(`soak: ${((last.atMs - samples[0]!.atMs) / 1000).toFixed(0)} s: rss ${last.rssMiB.toFixed(1)} MiB, ${last.openFds} fds, ${last.children} children`);
  }
  if (!server.running) report(`handflow serve exited during the soak: ${server.log.slice(-2000)}`);
  stop.abort();
  await Promise.all(workloads);
  const ended = await server.stop();
  if (ended !== 'exit code 0') report(`handflow serve ended with ${ended} on SIGTERM`);

  const grew = printTrends(samples, warmUpMs(minutes));
  const { sessions, framesSeen, processed, dropped } = fileLoop.stats;
  console.log(`file sessions: ${sessions} played to their end; their last metrics: ${processed} frames processed + ${dropped} dropped; ${framesSeen} frame messages seen`);
  console.log(`browser session: ${browser.stats.framesSent} frames sent, ${browser.stats.framesProcessed} processed`);
  if (browser.stats.framesProcessed === 0) report('the browser session processed no frame');
  if (sessions === 0 && minutes * 60_000 > videoMs * 2) report('no file session played to its end');
  console.log(errors.length === 0 ? 'errors: none' : `errors (${errors.length}):\n${errors.map((error) => `  ${error}`).join('\n')}`);
  return errors.length === 0 && grew.length === 0 ? 0 : 1;
}

/** The first minute, or the first quarter of a short run, is left out of the slopes: caches and JIT fill then. */
function warmUpMs(minutes: number): number {
  return Math.min(60_000, (minutes * 60_000) / 4);
}

/** Prints each measure's start, end and slope; returns the measures clearly growing. */
function printTrends(samples: readonly ProcessSample[], warmUp: number): Measure[] {
  const t0 = samples[0]!.atMs;
  const measured = samples.filter((sample) => sample.atMs - t0 >= warmUp);
  const windowMinutes = measured.length < 2 ? 0 : (measured.at(-1)!.atMs - measured[0]!.atMs) / 60_000;
  console.log(`\ntrends over ${windowMinutes.toFixed(1)} min after a ${(warmUp / 1000).toFixed(0)} s warm-up (${measured.length} samples):`);
  const grew: Measure[] = [];
  for (const measure of Object.keys(GROWTH_LIMITS) as Measure[]) {
    const { perMinute, allowance, unit } = GROWTH_LIMITS[measure];
    const slope = slopePerMinute(measured.map((sample) => ({ atMs: sample.atMs, value: sample[measure] })));
    const growing = slope > perMinute && slope * windowMinutes > allowance;
    if (growing) grew.push(measure);
    const first = samples[0]![measure];
    const settled = (measured[0] ?? samples[0]!)[measure];
    const last = samples.at(-1)![measure];
    console.log(
      `  ${measure.padEnd(8)} start ${first.toFixed(1)}, after warm-up ${settled.toFixed(1)}, end ${last.toFixed(1)} ${unit}; ` +
        `slope ${slope >= 0 ? '+' : ''}${slope.toFixed(2)} ${unit}/min` +
        ` (growing means over ${perMinute}/min and ${allowance} over the window): ${growing ? 'GROWING' : 'ok'}`,
    );
  }
  return grew;
}

process.exitCode = await main(process.argv.slice(2));
