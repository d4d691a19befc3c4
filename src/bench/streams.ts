/**
 * `npm run bench:streams`: aggregate frames per second and CPU per frame for 1, 2 and 4 file streams played as
 * fast as they go: in one `handflow serve` process with every session on its main thread (as before session
 * threads), in one process with a thread a session (the default), and on a NATS cluster with 1 and 2
 * `handflow worker` processes, in interleaved rounds. Needs nats-server (Debian's package).
 * `--video=PATH` plays another file (default: asl_hand.25fps.mp4 of ../shared/data), `--loops=N` plays it N times
 * over in each stream (default 5), `--rounds=N` sets the rounds; `--streams=1,2` and `--shapes='1 worker,2 workers'`
 * measure some of the table only (one stream on the main thread, what the rest is set against, is always measured).
 *
 * The rate is the streams' steady state: timed from when every stream has its first frames until the first
 * ends, so neither loading models and taking leases nor a tail where fewer streams run counts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join, resolve } from 'node:path';

import { ManagedProcess } from '../testing/managed-process.js';
import { missingTools } from '../testing/required-tools.js';
import { repoRoot, sharedData } from '../testing/shared-data.js';
import { waitFor } from '../testing/wait-for.js';
import { startGateway, startWorker, TestNats } from '../cluster/testing/test-cluster.js';
import { resolveFfmpegPath } from '../ingestion/ffmpeg-binary.js';
import { runFfmpeg } from '../ingestion/run-ffmpeg.js';
import { machineBusyMs, processTreeCpuMs } from './process-tree-cpu.js';
import { median } from '../cli/statistics.js';

const VIDEO = resolve(option('video') ?? sharedData('landmarks-reference/asl_hand.25fps.mp4'));
const LOOPS = Number(option('loops') ?? 5);
const ALL_SHAPES = ['main thread', 'thread a session', '1 worker', '2 workers'] as const;
type Shape = (typeof ALL_SHAPES)[number];
const STREAMS = [...new Set([1, ...chosen('streams', [1, 2, 4], Number)])];
const SHAPES = chosen('shapes', ALL_SHAPES, (name) => name as Shape);
const ROUNDS = Number(option('rounds') ?? 3);

function option(name: string): string | undefined {
  return process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
}

/** The values of `--name=a,b` that are among `all` (all of them without the option), in `all`'s order. */
function chosen<T>(name: string, all: readonly T[], parse: (text: string) => T): readonly T[] {
  const given = option(name)?.split(',').map((text) => parse(text.trim()));
  if (given === undefined) return all;
  const unknown = given.filter((value) => !all.includes(value));
  if (unknown.length > 0) {
    console.error(`--${name} takes some of ${all.join(', ')}, not ${unknown.join(', ')}`);
    process.exit(1);
  }
  return all.filter((value) => given.includes(value));
}
interface Measure {
  readonly fps: number;
  readonly cpuMsPerFrame: number;
  /** The machine's busy CPU time over the wall time: cores kept busy, ffmpeg, nats-server and neighbours included. */
  readonly coresBusy: number;
}

/** The server (or the gateway and its workers), and the processes to stop after. */
async function startShape(shape: Shape, nats: TestNats | undefined, files: string): Promise<{ url: string; all: ManagedProcess[] }> {
  if (shape === 'main thread' || shape === 'thread a session') {
    const threads = shape === 'main thread' ? 'off' : 'on';
    const server = ManagedProcess.start(process.execPath, [join(repoRoot, 'bin', 'handflow.js'), 'serve', '--port', '0', '--files', files, '--max-sessions', '4', '--log-level', 'warn'], {
      env: { ...process.env, HANDFLOW_PIPELINE_SESSION_THREADS: threads },
    });
    const [, url] = await server.waitForOutput(/dashboard at (http:\/\/127\.0\.0\.1:\d+)/, 'the server to listen', 20_000);
    return { url: url!, all: [server] };
  }
  const { gateway, url } = await startGateway(nats!, files);
  const count = shape === '1 worker' ? 1 : 2;
  const workers = await Promise.all([...Array(count).keys()].map((index) => startWorker(nats!, `bench-${index}`, files, 4)));
  return { url, all: [gateway, ...workers] };
}

async function measure(shape: Shape, streams: number, nats: TestNats | undefined, video: string): Promise<Measure> {
  const { url, all } = await startShape(shape, nats, dirname(video));
  try {
    // The server, or the gateway, the workers and nats-server, each with the ffmpeg processes it started.
    const pids = [...all.map((helper) => helper.pid!), ...(nats?.pid === undefined ? [] : [nats.pid])];
    const cpuNow = (): number => pids.reduce((total, pid) => total + processTreeCpuMs(pid), 0) / 1000;
    const ids: string[] = [];
    for (let index = 0; index < streams; index++) {
      const body = JSON.stringify({ source: { type: 'file', path: video, realtime: false }, project: 'finger-counter' });
      const response = await fetch(`${url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      ids.push(((await response.json()) as { id: string }).id);
    }
    type Listed = { id: string; state: string; metrics: { frames: { processed: number } } };
    const mine = async (): Promise<Listed[]> => ((await (await fetch(`${url}/api/sessions`)).json()) as { sessions: Listed[] }).sessions.filter((session) => ids.includes(session.id));
    const reading = (listed: Listed[]) => ({
      processed: listed.reduce((total, session) => total + session.metrics.frames.processed, 0),
      at: performance.now(),
      cpu: cpuNow(),
      machineMs: machineBusyMs(),
    });
    const first = await waitFor('every stream\'s first frames', async () => {
      const listed = await mine();
      return listed.length === streams && listed.every((session) => session.metrics.frames.processed > 0) ? reading(listed) : undefined;
    }, 120_000);
    const last = await waitFor('a stream to end', async () => {
      const listed = await mine();
      return listed.some((session) => session.state === 'ended') ? reading(listed) : undefined;
    }, 600_000);
    const seconds = (last.at - first.at) / 1000;
    const frames = last.processed - first.processed;
    const coresBusy = (last.machineMs - first.machineMs) / 1000 / seconds;
    return { fps: frames / seconds, cpuMsPerFrame: (1000 * (last.cpu - first.cpu)) / frames, coresBusy };
  } finally {
    for (const helper of all.reverse()) await helper.stop();
  }
}

/** The video played `loops` times over, copied without re-encoding into a folder of its own (removed by the caller). */
async function loopedVideo(loops: number): Promise<{ path: string; folder: string }> {
  const folder = mkdtempSync(join(tmpdir(), 'handflow-bench-streams-'));
  const path = join(folder, `${basename(VIDEO, extname(VIDEO))}.x${loops}${extname(VIDEO)}`);
  const { code, stderr } = await runFfmpeg(resolveFfmpegPath(), ['-hide_banner', '-v', 'error', '-stream_loop', String(loops - 1), '-i', VIDEO, '-map', '0:v:0', '-c', 'copy', path]);
  if (code !== 0) throw new Error(`could not copy ${VIDEO} ${loops} times over: ${stderr.trim()}`);
  return { path, folder };
}

async function main(): Promise<void> {
  const missing = missingTools('nats-server');
  if (missing !== false) {
    console.error(`bench:streams needs nats-server: ${missing}`);
    process.exitCode = 1;
    return;
  }
  if (!(Number.isInteger(LOOPS) && LOOPS >= 1)) {
    console.error(`--loops must be a whole number from 1, not ${option('loops')}`);
    process.exitCode = 1;
    return;
  }
  const looped = await loopedVideo(LOOPS);
  try {
    await measureAll(looped.path);
  } finally {
    rmSync(looped.folder, { recursive: true, force: true });
  }
}

async function measureAll(video: string): Promise<void> {
  const results = new Map<string, Measure[]>();
  for (let round = 1; round <= ROUNDS; round++) {
    for (const streams of STREAMS) {
      for (const shape of streams === 1 ? [...new Set<Shape>(['main thread', ...SHAPES])] : SHAPES) {
        const nats = shape.endsWith('worker') || shape.endsWith('workers') ? await TestNats.start() : undefined;
        try {
          const result = await measure(shape, streams, nats, video);
          const key = `${streams}|${shape}`;
          results.set(key, [...(results.get(key) ?? []), result]);
          console.error(
            `round ${round}: ${streams} stream(s), ${shape}: ${result.fps.toFixed(1)} fps, ${result.cpuMsPerFrame.toFixed(1)} ms CPU a frame, ${result.coresBusy.toFixed(2)} cores busy`,
          );
        } finally {
          await nats?.stop();
        }
      }
    }
  }
  const oneStream = median(results.get('1|main thread')!.map((result) => result.fps));
  console.log(`\nAggregate frames per second, ${basename(VIDEO)} ${LOOPS} times over as fast as it goes, from when every stream has frames`);
  console.log(`until the first ends, medians of ${ROUNDS} interleaved rounds`);
  console.log('(one process: handflow serve, its sessions on its main thread, or each on a thread of its own; 1 or 2 handflow worker');
  console.log('processes of a cluster. CPU a frame: all threads of the server, or of the gateway, the workers and nats-server, with');
  console.log('the ffmpeg processes they started; cores: the whole machine\'s busy CPU over the wall time, neighbours included;');
  console.log('x: against one stream on the main thread)\n');
  console.log(`| streams | ${SHAPES.join(' | ')} |`);
  console.log(`|---|${SHAPES.map(() => '---').join('|')}|`);
  for (const streams of STREAMS) {
    const cells = SHAPES.map((shape) => {
      const runs = results.get(`${streams}|${shape}`)!;
      const fps = median(runs.map((run) => run.fps));
      const cores = median(runs.map((run) => run.coresBusy));
      return `${fps.toFixed(1)} fps (${(fps / oneStream).toFixed(2)}x), ${median(runs.map((run) => run.cpuMsPerFrame)).toFixed(1)} ms CPU, ${cores.toFixed(2)} cores`;
    });
    console.log(`| ${streams} | ${cells.join(' | ')} |`);
  }
  // The machine's load drifts from round to round: each round's streams set against its own one stream.
  console.log(`\nAggregate rate against one stream of the same shape in the same round (each round's ratio; their median):`);
  for (const shape of SHAPES) {
    const alone = results.get(`1|${shape}`);
    if (alone === undefined) continue;
    for (const streams of STREAMS.filter((count) => count > 1)) {
      const ratios = results.get(`${streams}|${shape}`)!.map((run, round) => run.fps / alone[round]!.fps);
      console.log(`${shape}, ${streams} streams: ${ratios.map((ratio) => ratio.toFixed(2)).join(', ')} (median ${median(ratios).toFixed(2)})`);
    }
  }
}

await main();
