import { PROJECTS, type ProjectDefinition } from '../orchestrator/projects.js';
import { ApiError } from './errors.js';
import type { ProjectCatalog, ProjectInfo } from './output-seam.js';

const info = (project: ProjectDefinition): ProjectInfo => ({ name: project.name, description: project.description, builtIn: true });

/** The pipeline's built-in projects, read only: user projects are defined by the output stage (issue 5). */
export function builtInProjectCatalog(projects: readonly ProjectDefinition[] = PROJECTS): ProjectCatalog {
  const unavailable = (): never => {
    throw new ApiError('NOT_AVAILABLE', 'user projects are not available in this build: use a built-in project (GET /api/projects lists them)');
  };
  return {
    list: async () => projects.map(info),
    get: async (name) => {
      const project = projects.find((candidate) => candidate.name === name);
      if (project === undefined) throw new ApiError('PROJECT_NOT_FOUND', `no project "${name}": the projects are ${projects.map((p) => p.name).join(', ')}`);
      return info(project);
    },
    create: async () => unavailable(),
    update: async () => unavailable(),
  };
}
