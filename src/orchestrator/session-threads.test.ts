import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { cpuUsage } from 'node:process';
import { describe, it } from 'node:test';

import { openSource } from '../ingestion/open-source.js';
import { findProject } from '../projects/projects.js';
import { hasProc } from '../testing/processes.js';
import { scratchFolder } from '../testing/scratch.js';
import { sharedData } from '../testing/shared-data.js';
import { buildSession } from './build-session.js';
import { loadConfig } from './config.js';
import { createLogger } from './logger.js';

const VIDEO = sharedData('mediapipe-samples/open_hand_video.mp4');
const FRAMES = 60;
const scratch = scratchFolder('handflow-session-threads-');

/** CPU time of this process's main thread so far, in ms (Linux /proc: utime and stime, in clock ticks of 10 ms). */
function mainThreadCpuMs(): number {
  const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** The share of the process's CPU time its main thread spent while a session found the hands of FRAMES frames. */
async function mainThreadShare(sessionThreads: string, besideOthers: boolean): Promise<number> {
  const config = await loadConfig({ cwd: scratch.path, env: {}, flags: { pipeline: { sessionThreads } } });
  const { session } = await buildSession({
    id: `${sessionThreads}-${besideOthers}`,
    source: openSource({ kind: 'video-file', path: VIDEO }, config.capture),
    config,
    project: findProject(config.project),
    logger: createLogger('silent'),
    besideOthers,
  });
  const main = mainThreadCpuMs();
  const all = cpuUsage();
  session.on('frame', ({ frameNumber }) => {
    if (frameNumber === FRAMES) session.stop();
  });
  await session.run();
  const { user, system } = cpuUsage(all);
  return (mainThreadCpuMs() - main) / ((user + system) / 1000);
}

describe('pipeline.sessionThreads: where a session finds its hands', { skip: !hasProc ? 'reads per-thread CPU time from /proc (Linux)' : availableParallelism() < 2 ? 'a thread of its own needs 2 cores' : false }, () => {
  // The landmark model is nearly all of a session's CPU: on the thread that runs it.
  it('auto: a lone session on the main thread, one started beside others on a thread of its own', async () => {
    const lone = await mainThreadShare('auto', false);
    const beside = await mainThreadShare('auto', true);
    assert.ok(lone > 0.55, `lone session: main thread ${(lone * 100).toFixed(0)}% of the CPU`);
    assert.ok(beside < 0.35, `beside others: main thread ${(beside * 100).toFixed(0)}% of the CPU`);
  });

  it('on and off decide alone', async () => {
    const on = await mainThreadShare('on', false);
    const off = await mainThreadShare('off', true);
    assert.ok(on < 0.35, `on: main thread ${(on * 100).toFixed(0)}% of the CPU`);
    assert.ok(off > 0.55, `off: main thread ${(off * 100).toFixed(0)}% of the CPU`);
  });
});
