import { availableParallelism } from 'node:os';

import type { Logger } from 'pino';

import { monotonicClock, type Clock } from '../core/clock.js';
import { HandLandmarker } from '../extraction/hand-landmarker.js';
import { LandmarkerExtraction } from '../extraction/landmarker-extraction.js';
import { ThreadedHandLandmarker } from '../extraction/threaded-hand-landmarker.js';
import type { EngineInference } from '../inference/engine-inference.js';
import type { FrameSource } from '../ingestion/frame-source.js';
import { defaultMirror } from '../ingestion/open-source.js';
import type { SystemControls } from '../output/actions/system-controls.js';
import type { OutputListener } from '../output/events/event-dispatcher.js';
import type { WallClock } from '../output/events/output-event.js';
import type { OutputSink } from '../output/frame-event.js';
import type { ProjectOutput } from '../output/project-output.js';
import type { DryRunEntry } from '../output/system/dry-run.js';
import { createProjectStages } from '../projects/project-stages.js';
import type { ProjectDefinition } from '../projects/projects.js';
import type { HandflowConfig } from './config.js';
import type { PipelineErrorEvent } from './pipeline-error.js';
import { PipelineSession } from './session.js';

export interface BuildSessionOptions {
  readonly id: string;
  /** An opened source (not started): `openSource` or `openPushedSource`. */
  readonly source: FrameSource;
  readonly config: HandflowConfig;
  /** What the hands mean and do. */
  readonly project: ProjectDefinition;
  /** Sinks that see every frame after the project's output (a JSON printer, a dashboard's view). */
  readonly sinks?: readonly OutputSink[];
  /** Who hears every output event (a JSON printer, a WebSocket broadcast), each isolated from the others. */
  readonly listeners?: readonly { readonly listener: OutputListener; readonly name: string }[];
  /** Custom gestures shown when the project has none of its own (the server's gestures file). */
  readonly shownGestures?: string;
  /** Told what a dry run would have done. Defaults to an info log line. */
  readonly onDryRun?: (entry: DryRunEntry) => void;
  /** What actions drive. Defaults to the system's own controls. */
  readonly controls?: SystemControls;
  readonly logger: Logger;
  /**
   * Other sessions run in this process as this one starts (serve, a cluster worker): with `pipeline.sessionThreads`
   * `auto`, its hands are then found on a thread of its own. Defaults to false.
   */
  readonly besideOthers?: boolean;
  /**
   * How the session's errors read in its output events, which its listeners pass on (a server's clients, a cluster's
   * bus): a client-requested stream's reasons stay in the log (see `errorForClients`). Defaults to as they are.
   */
  readonly errorsShown?: (event: PipelineErrorEvent) => PipelineErrorEvent;
  readonly clock?: Clock;
  readonly wallClock?: WallClock;
}

/** A built session, and the parts of it that its caller drives: the actions to arm, the engine to reload. */
export interface BuiltSession {
  readonly session: PipelineSession;
  readonly output: ProjectOutput;
  readonly inference: EngineInference;
}

/**
 * The one way a session is put together, for `run`, `serve` and workers alike: its own landmark engine
 * (tracking is per stream), its project's stages with every setting of the configuration, and the sinks and
 * listeners its caller adds. The session's state changes and errors become output events. Nothing is left
 * loaded when building fails.
 *
 * @throws HandflowError INVALID_OPTION (a wrong setting, commands not allowed), MODEL_LOAD_FAILED.
 */
export async function buildSession(options: BuildSessionOptions): Promise<BuiltSession> {
  const { id, source, config, project, logger, clock = monotonicClock } = options;
  // A frame resized whole is scaled by ffmpeg as it decodes it: the full-size frame is never converted to RGB,
  // piped or resized on the pipeline's thread. Positions still come out in the frame's own pixels.
  const { crop, resize } = config.preprocess;
  if (resize !== undefined && crop === undefined) source.scaleWhileDecoding(resize);
  const mirrored = config.capture.mirror ?? defaultMirror(source.kind);
  const landmarkerOptions = { ...config.extraction, mirrored };
  const landmarker = ownThread(config.pipeline.sessionThreads, options.besideOthers === true)
    ? await ThreadedHandLandmarker.create(landmarkerOptions)
    : await HandLandmarker.create(landmarkerOptions);
  try {
    const { inference, output } = await createProjectStages({
      project,
      inference: config.inference,
      output: config.output,
      mirrored,
      logger: logger.child({ session: id }),
      ...(options.shownGestures === undefined ? {} : { shownGestures: options.shownGestures }),
      ...(options.listeners === undefined ? {} : { listeners: options.listeners }),
      ...(options.onDryRun === undefined ? {} : { onDryRun: options.onDryRun }),
      ...(options.controls === undefined ? {} : { controls: options.controls }),
      ...(options.wallClock === undefined ? {} : { clock: options.wallClock }),
    });
    const session = new PipelineSession({
      id,
      source,
      extraction: new LandmarkerExtraction(landmarker),
      inference,
      outputs: [output, ...(options.sinks ?? [])],
      preprocess: config.preprocess,
      settings: config.pipeline,
      clock,
      logger,
    });
    session.on('state', (state) => output.reportState(state));
    const shown = options.errorsShown ?? ((event: PipelineErrorEvent) => event);
    session.on('error', (error) => output.reportError(shown(error)));
    return { session, output, inference };
  } catch (error) {
    await landmarker.close();
    throw error;
  }
}

/** Whether a session finds hands on a thread of its own (see `pipeline.sessionThreads`). */
function ownThread(setting: HandflowConfig['pipeline']['sessionThreads'], besideOthers: boolean): boolean {
  if (setting !== 'auto') return setting === 'on';
  return besideOthers && availableParallelism() > 1;
}
