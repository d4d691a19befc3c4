/** The stages every frame goes through, in order. */
export const PIPELINE_STAGES = ['ingestion', 'preprocessing', 'extraction', 'inference', 'output'] as const;
export type PipelineStage = (typeof PIPELINE_STAGES)[number];

/** Whether `name` is a stage's: an `error` event's source is a stage's name or an action's, which may not be one. */
export function isPipelineStage(name: string): name is PipelineStage {
  return (PIPELINE_STAGES as readonly string[]).includes(name);
}

/** The stages a frame's time is measured by: each stage, and the whole of a frame (`total`). */
export const MEASURED_STAGES = [...PIPELINE_STAGES, 'total'] as const;

/** A stage of the pipeline, or the whole of a frame. */
export type MeasuredStage = (typeof MEASURED_STAGES)[number];

/**
 * Milliseconds each stage took on one frame; stages that did not run are left out. `ingestion` is the time the
 * pipeline waited for the frame; `total` runs from the frame's capture (its time in the buffer included) to
 * the end of its output.
 */
export type StageDurations = Partial<Record<MeasuredStage, number>>;
