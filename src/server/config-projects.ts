import { listProjects, PROJECTS, saveUserProject, type ProjectDefinition } from '../projects/projects.js';
import type { HandflowConfig } from '../orchestrator/config.js';
import { ApiError } from './errors.js';
import type { ProjectCatalog, ProjectInfo } from './output-seam.js';

const info = ({ name, description, builtIn, classifiers, customGestures, actions }: ProjectDefinition): ProjectInfo => ({
  name,
  description,
  builtIn,
  definition: { classifiers, ...(customGestures === undefined ? {} : { customGestures }), actions },
});

/**
 * The built-in projects and the user's own, as the configuration holds them; projects created or updated
 * through the API are written into the config file (`saveUserProject`) and used from then on.
 */
export class ConfigProjectCatalog implements ProjectCatalog {
  private readonly userProjects = new Map<string, ProjectDefinition>();

  constructor(
    config: Pick<HandflowConfig, 'projects'>,
    /** Where user projects are saved: the config file the server read, or `handflow.config.json` here. */
    private readonly configFile: string,
  ) {
    for (const project of listProjects(config)) if (!project.builtIn) this.userProjects.set(project.name, project);
  }

  async list(): Promise<ProjectInfo[]> {
    return this.all().map(info);
  }

  async get(name: string): Promise<ProjectInfo> {
    return info(await this.definition(name));
  }

  async definition(name: string): Promise<ProjectDefinition> {
    const project = this.all().find((candidate) => candidate.name === name);
    if (project === undefined) throw new ApiError('PROJECT_NOT_FOUND', `no project "${name}": the projects are ${this.all().map((p) => p.name).join(', ')}`);
    return project;
  }

  async create({ name, ...settings }: { name: string } & Record<string, unknown>): Promise<ProjectInfo> {
    if (this.all().some((project) => project.name === name)) throw new ApiError('PROJECT_EXISTS', `there is already a project "${name}": change it with PUT /api/projects/${name}, or choose another name`);
    return this.save(name, settings);
  }

  async update(name: string, settings: Record<string, unknown>): Promise<ProjectInfo> {
    const project = await this.definition(name);
    if (project.builtIn) throw new ApiError('PROJECT_READ_ONLY', `"${name}" is built in and cannot be changed: create a project of your own from its settings (GET /api/projects/${name})`);
    return this.save(name, settings);
  }

  private async save(name: string, settings: Record<string, unknown>): Promise<ProjectInfo> {
    const project = await saveUserProject(this.configFile, name, settings);
    this.userProjects.set(name, project);
    return info(project);
  }

  private all(): ProjectDefinition[] {
    return [...PROJECTS, ...this.userProjects.values()];
  }
}
