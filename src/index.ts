/**
 * handflow's public API: what `import ... from 'handflow'` gives. Everything else under dist/ is internal and
 * may change without notice; nothing inside handflow imports this module.
 */

// Errors: every failure handflow reports is a HandflowError with a code saying what went wrong.
export { HandflowError, type HandflowErrorCode } from './core/errors.js';
export type { RgbImage } from './core/image.js';

// The landmark engine.
export { HandLandmarker } from './extraction/hand-landmarker.js';
export type { HandLandmarkerOptions, LandmarkModelVariant } from './extraction/hand-landmarker-options.js';
export type {
  ExtractionResult,
  ExtractionTimings,
  HandLabel,
  HandLandmarks,
  Landmark,
  PixelPoint,
  WorldLandmark,
} from './extraction/hand-landmarker-result.js';

// Sources: images, videos, cameras and streams.
export { decodeImageFile } from './ingestion/image-decoder.js';
export { openSource } from './ingestion/open-source.js';
export { parseSourceSpec, type SourceSpec } from './ingestion/source-spec.js';
export type { CaptureOptions } from './ingestion/capture-config.js';
export type { FrameSource } from './ingestion/frame-source.js';

// The inference engine: gestures, finger counts and pinches from landmarks.
export { createInferenceEngine, loadInferenceEngine } from './inference/create-inference-engine.js';
export type { InferenceEngine, InferenceFrame } from './inference/inference-engine.js';
export type { BuiltInClassifierName, InferenceOptions } from './inference/inference-config.js';
export type { InferenceResult } from './inference/inference-result.js';
export type { GestureEvent } from './inference/gesture-events.js';

// Output events, as sessions report them and the WebSocket server sends them.
export type { OutputEvent, OutputEventOf, OutputEventType } from './output/events/output-event.js';
export type { OutputListener } from './output/events/event-dispatcher.js';
export type { FrameEvent, OutputSink } from './output/frame-event.js';

// Projects: what hands mean and do.
export { findProject, listProjects, type ProjectDefinition } from './projects/projects.js';
export { ProjectCatalogue } from './projects/project-catalogue.js';

// Sessions: a source through the engine and a project, as `handflow run` and the server build them.
export { buildSession, type BuildSessionOptions, type BuiltSession } from './orchestrator/build-session.js';
export { loadConfig, type ConfigSources, type HandflowConfig } from './orchestrator/config.js';
export { createLogger, type LogLevel } from './orchestrator/logger.js';
export type { PipelineSession, SessionEndReason, SessionState, SessionSummary } from './orchestrator/session.js';
