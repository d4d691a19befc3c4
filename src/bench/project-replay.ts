import type { ExtractionResult } from '../extraction/hand-landmarker-result.js';
import type { HandflowConfig } from '../orchestrator/config.js';
import { createLogger } from '../orchestrator/logger.js';
import type { OutputEvent } from '../output/events/output-event.js';
import type { DryRunEntry } from '../output/system/dry-run.js';
import { createProjectStages } from '../projects/project-stages.js';
import type { ProjectDefinition } from '../projects/projects.js';
import type { DeliberateGesture } from './footage.js';

/** The dry-run calls a gesture sets off, and the gesture that may set each off on purpose. Cursor moves and volume levels follow the hand continuously and are not counted. */
const TRIGGERED_CALLS: Readonly<Record<string, DeliberateGesture>> = {
  'pointer.click': 'click',
  'pointer.press': 'click',
  'pointer.scroll': 'click',
  'keyboard.tap': 'swipe',
  'notifier.notify': 'thumbs',
  'volume.setMuted': 'fist',
};

export interface ProjectRun {
  readonly durationMs: number;
  /** Gesture-triggered calls, by `control.call(first argument)`. */
  readonly actions: Map<string, { count: number; gesture: DeliberateGesture }>;
  readonly events: OutputEvent[];
}

/** The duration a clip's frames cover: from the first to one frame past the last. */
export function durationOf(frames: readonly ExtractionResult[]): number {
  if (frames.length < 2) return 0;
  const first = frames[0]!.frameTimestamp;
  const last = frames.at(-1)!.frameTimestamp;
  return last - first + (last - first) / (frames.length - 1);
}

/**
 * One project over a video's hands as a session runs it: its inference and output stages with the
 * configuration's settings, every action armed, in dry run. What gestures set off is counted.
 */
export async function replayProject(project: ProjectDefinition, config: HandflowConfig, frames: readonly ExtractionResult[]): Promise<ProjectRun> {
  const actions = new Map<string, { count: number; gesture: DeliberateGesture }>();
  const events: OutputEvent[] = [];
  const count = ({ control, call, args }: DryRunEntry): void => {
    const gesture = TRIGGERED_CALLS[`${control}.${call}`];
    if (gesture === undefined || (call === 'setMuted' && args[0] !== true)) return;
    const key = `${control}.${call}(${String(args[0])})`;
    const entry = actions.get(key) ?? { count: 0, gesture };
    actions.set(key, { count: entry.count + 1, gesture });
  };
  const stages = await createProjectStages({
    project,
    inference: config.inference,
    output: { ...config.output, dryRun: true },
    mirrored: false,
    listeners: [{ name: 'bench', listener: (event) => void events.push(event) }],
    onDryRun: count,
    logger: createLogger('silent'),
  });
  await stages.output.actions.arm();
  let frameNumber = 0;
  for (const extraction of frames) {
    const inference = stages.inference.infer(extraction);
    const timestampMs = extraction.frameTimestamp;
    stages.output.write({ type: 'frame', sessionId: 'bench', source: 'bench', frameNumber: frameNumber++, timestampMs, extraction, inference, latencyMs: {} });
    await stages.output.actions.idle();
  }
  await stages.output.close();
  return { durationMs: durationOf(frames), actions, events };
}

