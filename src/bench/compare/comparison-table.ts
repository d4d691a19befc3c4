import { ratiosAgainstCeiling } from '../../cli/engine-cpu-bench.js';
import { SampleSet, median } from '../../cli/statistics.js';

/** What one engine did in one pass over the frames. */
export interface PassFigures {
  cpuMsPerFrame: number;
  /** Frames per second of wall clock; undefined where only a model's run is timed. */
  wallFps?: number;
  frames: number;
  /** Frames with at least one hand, and hands added up over the frames; undefined for a model alone. */
  framesWithHands?: number;
  hands?: number;
}

/** One engine's passes over the rounds, summarised by their medians (one pass a round, so noise falls on both engines alike). */
export class EngineTally {
  readonly wallFps = new SampleSet();
  /** CPU ms per frame of each round, in order. */
  readonly roundsCpuMs: number[] = [];
  private last: PassFigures | undefined;

  constructor(readonly label: string) {}

  add(pass: PassFigures): void {
    this.roundsCpuMs.push(pass.cpuMsPerFrame);
    if (pass.wallFps !== undefined) this.wallFps.add(pass.wallFps);
    this.last = pass;
  }

  /** Frames with a hand and hands found, in the last round's pass (the round lines show each round's CPU only). */
  get found(): string {
    const pass = this.last;
    if (pass?.framesWithHands === undefined) return '';
    return `${pass.framesWithHands} of ${pass.frames} (${pass.hands} hands)`;
  }

  get latestCpuMs(): number {
    return this.last?.cpuMsPerFrame ?? Number.NaN;
  }

  get medianCpuMs(): number {
    return median(this.roundsCpuMs);
  }
}

/** A target of the issue: `faster` costs at least `times` less CPU per frame than `slower`. */
export interface CpuTarget {
  slower: EngineTally;
  faster: EngineTally;
  times: number;
}

/** The medians of every engine as a Markdown table, CPU also as a multiple of the first engine's. */
export function formatComparisonTable(tallies: readonly [EngineTally, ...EngineTally[]]): string {
  const baseline = tallies[0];
  const rows = tallies.map((tally) => {
    const fps = tally.wallFps.count > 0 ? tally.wallFps.percentile(0.5).toFixed(1) : '';
    const against = (tally.medianCpuMs / baseline.medianCpuMs).toFixed(2);
    return `| ${tally.label} | ${tally.medianCpuMs.toFixed(1)} | ${against} | ${fps} | ${tally.found} |`;
  });
  return [
    '| engine | CPU ms per frame | CPU against the first row | wall fps | frames with a hand |',
    '|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

/** Each target as a line saying the ratio of the medians and whether it holds. */
export function formatTargets(targets: readonly CpuTarget[]): string {
  return targets
    .map(({ slower, faster, times }) => {
      const ratio = slower.medianCpuMs / faster.medianCpuMs;
      const verdict = ratio >= times ? 'holds' : 'FAILS';
      return `${faster.label}: ${ratio.toFixed(2)}x less CPU per frame than ${slower.label} (target at least ${times}x): ${verdict}`;
    })
    .join('\n');
}

/** An engine's CPU per frame as a multiple of another's measured in the same rounds (the landmark model alone). */
export function formatCeiling(engine: EngineTally, floor: EngineTally, atMost: number): string {
  const ratios = engine.roundsCpuMs.map((cpuMs, round) => cpuMs / floor.roundsCpuMs[round]!);
  return `${engine.label}: ${ratiosAgainstCeiling(ratios, atMost)} the CPU per frame of ${floor.label}`;
}
