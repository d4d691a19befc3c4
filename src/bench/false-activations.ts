import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { loadConfig, type HandflowConfig } from '../orchestrator/config.js';
import { PROJECTS, type ProjectDefinition } from '../projects/projects.js';
import { VideoHands } from './extraction-cache.js';
import { naturalFootage, swipeFootage, type Clip } from './footage.js';
import { ownClips } from './own-clips.js';
import { durationOf, replayProject } from './project-replay.js';

const USAGE = `Usage: npm run bench:activations -- [--clips FILE_OR_FOLDER ...] [--verbose]

Runs every built-in project's gesture-triggered actions, armed and in dry run, over footage of hands moving
without meaning a control gesture, and prints the false actions per hour for each action; then the share of
the real swipes in ../shared/data/dynamic-gestures that presentation-control still finds, in the right
direction. --clips replaces the natural footage with your own recordings (videos with no control gesture in
them). Hands are found once per file and kept in .cache/bench-hands.`;

/** The projects with something a gesture sets off. */
function triggeringProjects(): ProjectDefinition[] {
  return PROJECTS.filter((project) => project.actions.length > 0);
}

const perHour = (count: number, durationMs: number): string => (durationMs > 0 ? ((count * 3_600_000) / durationMs).toFixed(0) : '-');

/** How many of `expected` appear in `found` in the same order (the longest common subsequence). */
function foundInOrder(expected: readonly string[], found: readonly string[]): number {
  const table = Array.from({ length: expected.length + 1 }, () => new Array<number>(found.length + 1).fill(0));
  for (let i = 1; i <= expected.length; i++) {
    for (let j = 1; j <= found.length; j++) {
      table[i]![j] = expected[i - 1] === found[j - 1] ? table[i - 1]![j - 1]! + 1 : Math.max(table[i - 1]![j]!, table[i]![j - 1]!);
    }
  }
  return table[expected.length]![found.length]!;
}

async function falseActivations(hands: VideoHands, config: HandflowConfig, clips: readonly Clip[], verbose: boolean): Promise<number> {
  const totals = new Map<string, number>();
  const engagements = new Map<string, number>();
  let footageMs = 0;
  for (const clip of clips) {
    const frames = await hands.of(clip.path);
    footageMs += durationOf(frames);
    for (const project of triggeringProjects()) {
      const run = await replayProject(project, config, frames);
      const engaged = run.events.filter((event) => event.type === 'state_changed' && event.data.component === 'engagement' && event.data.state === 'engaged').length;
      engagements.set(project.name, (engagements.get(project.name) ?? 0) + engaged);
      if (verbose && engaged > 0) console.log(`  ${clip.name}: ${project.name} engaged x${engaged}`);
      for (const [call, { count, gesture }] of run.actions) {
        if (clip.deliberate.includes(gesture)) continue;
        const key = `${project.name}: ${call}`;
        totals.set(key, (totals.get(key) ?? 0) + count);
        if (verbose) console.log(`  ${clip.name}: ${key} x${count}`);
      }
    }
  }
  console.log(`\nfalse actions on ${clips.length} clips, ${(footageMs / 60_000).toFixed(1)} min of footage without that gesture made on purpose (dry run, armed):`);
  const rows = triggeringProjects().flatMap((project) => [...totals].filter(([key]) => key.startsWith(`${project.name}:`)));
  if (rows.length === 0) console.log('  none: 0 per hour for every action');
  for (const [key, count] of rows) console.log(`  ${key.padEnd(44)} ${String(count).padStart(5)}   ${perHour(count, footageMs).padStart(6)} per hour`);
  for (const project of triggeringProjects()) {
    if (![...totals.keys()].some((key) => key.startsWith(`${project.name}:`))) console.log(`  ${`${project.name}: every action`.padEnd(44)}     0        0 per hour`);
  }
  for (const [project, count] of engagements) {
    if (triggeringProjects().find((candidate) => candidate.name === project)?.inference?.engagement?.required) {
      console.log(`  ${`${project}: engaged (not an action)`.padEnd(44)} ${String(count).padStart(5)}   ${perHour(count, footageMs).padStart(6)} per hour`);
    }
  }
  return [...totals.values()].reduce((sum, count) => sum + count, 0);
}

async function swipeRecall(hands: VideoHands, config: HandflowConfig): Promise<{ found: number; expected: number }> {
  const project = PROJECTS.find((candidate) => candidate.name === 'presentation-control')!;
  let found = 0;
  let expected = 0;
  console.log(`\nswipes on purpose, found by presentation-control with its default settings:`);
  for (const clip of swipeFootage()) {
    const run = await replayProject(project, config, await hands.of(clip.path));
    const swipes = run.events.flatMap((event) => (event.type === 'gesture_detected' && event.data.classifier === 'swipe' ? [event.data.gesture_type] : []));
    const labels = clip.swipes ?? [];
    const inOrder = foundInOrder(labels, swipes);
    found += inOrder;
    expected += labels.length;
    console.log(`  ${clip.name.padEnd(24)} ${inOrder}/${labels.length} found; made: ${labels.join(', ')}; seen: ${swipes.join(', ') || 'none'}`);
  }
  console.log(`  in all: ${found}/${expected} (${((100 * found) / expected).toFixed(0)}%)`);
  return { found, expected };
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { clips: { type: 'string', multiple: true }, verbose: { type: 'boolean' }, help: { type: 'boolean' } } });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const config = await loadConfig({ env: process.env, flags: {} });
  const clips: Clip[] =
    values.clips === undefined ? naturalFootage() : ownClips(values.clips.map((path) => resolve(path)));
  const hands = new VideoHands({ ...config.extraction, mirrored: false });
  try {
    const falseActions = await falseActivations(hands, config, clips, values.verbose === true);
    const { found, expected } = await swipeRecall(hands, config);
    return falseActions === 0 && found === expected ? 0 : 1;
  } finally {
    await hands.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
