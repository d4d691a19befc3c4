import { HandflowError } from '../core/errors.js';
import { createInferenceEngine } from '../inference/create-inference-engine.js';
import { EngineInference } from './engine-inference.js';
import type { InferenceStage } from './stages.js';

/** A project: what hands mean (its classifiers) and, later, what they do (its actions). */
export interface ProjectDefinition {
  readonly name: string;
  readonly description: string;
  /** The project's classifiers; `mirrored` says whether frames are mirror views (it turns swipe directions). */
  readonly createInference?: (context: { readonly mirrored: boolean }) => InferenceStage;
}

export const PROJECTS: readonly ProjectDefinition[] = Object.freeze([
  {
    name: 'finger-counter',
    description: 'counts the fingers held up; no actions',
    createInference: ({ mirrored }) => new EngineInference(createInferenceEngine({ classifiers: ['finger_count'], mirrored })),
  },
]);

/** @throws HandflowError INVALID_OPTION naming the projects there are. */
export function findProject(name: string, projects: readonly ProjectDefinition[] = PROJECTS): ProjectDefinition {
  const project = projects.find((candidate) => candidate.name === name);
  if (project === undefined) {
    throw new HandflowError('INVALID_OPTION', `unknown project "${name}": the projects are ${projects.map((p) => p.name).join(', ')}`);
  }
  return project;
}
