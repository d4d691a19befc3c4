import type { Logger } from 'pino';

import { monotonicClock, type Clock } from '../core/clock.js';
import { HandLandmarker } from '../extraction/hand-landmarker.js';
import type { FrameSource } from '../ingestion/frame-source.js';
import { defaultMirror } from '../ingestion/open-source.js';
import type { HandflowConfig } from './config.js';
import { LandmarkerExtraction } from '../extraction/landmarker-extraction.js';
import { findProject, listProjects, type ProjectDefinition } from './projects.js';
import { PipelineSession } from './session.js';
import type { InferenceStage } from '../inference/inference-stage.js';
import type { OutputSink } from '../output/frame-event.js';

export interface BuildSessionOptions {
  readonly id: string;
  /** An opened source (not started): `openSource` or `openPushedSource`. */
  readonly source: FrameSource;
  readonly config: HandflowConfig;
  readonly outputs: readonly OutputSink[];
  readonly logger: Logger;
  readonly clock?: Clock;
  /** Defaults to the built-in projects and the configuration's own. */
  readonly projects?: readonly ProjectDefinition[];
}

/**
 * A session for a source and a configuration: its own landmark engine (tracking is per stream, and an engine
 * works on one frame at a time) and its project's classifiers.
 *
 * @throws HandflowError INVALID_OPTION (unknown project), MODEL_LOAD_FAILED.
 */
export async function buildSession(options: BuildSessionOptions): Promise<PipelineSession> {
  const { id, source, config, outputs, logger, clock = monotonicClock, projects = listProjects(config) } = options;
  const project = findProject(config.project, projects);
  const mirrored = config.capture.mirror ?? defaultMirror(source.kind);
  const landmarker = await HandLandmarker.create({ ...config.extraction, mirrored });
  let inference: InferenceStage | undefined;
  try {
    inference = project.createInference?.({ mirrored });
  } catch (error) {
    await landmarker.close(); // its models hold worker threads and native memory
    throw error;
  }
  return new PipelineSession({
    id,
    source,
    extraction: new LandmarkerExtraction(landmarker),
    ...(inference === undefined ? {} : { inference }),
    outputs,
    preprocess: config.preprocess,
    settings: config.pipeline,
    clock,
    logger,
  });
}
