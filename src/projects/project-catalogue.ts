import { HandflowError } from '../core/errors.js';
import type { ActionPolicy } from '../output/actions/action-policy.js';
import { findProject, listProjects, PROJECTS, saveUserProject, type ProjectDefinition, type UserProjects } from './projects.js';

/**
 * The projects there are: the built-in ones and the user's own, which can be created and updated; those are
 * written into the config file (`saveUserProject`) and used from then on. A project whose actions the server's
 * policy does not allow (a command where commands are off, a webhook to a host not listed) is refused when saved:
 * it could not run there.
 */
export class ProjectCatalogue {
  private readonly userProjects = new Map<string, ProjectDefinition>();

  constructor(
    settings: { readonly projects: UserProjects },
    /** Where user projects are saved: the config file read, or `handflow.config.json` in the working folder. */
    private readonly configFile: string,
  ) {
    for (const project of listProjects(settings)) if (!project.builtIn) this.userProjects.set(project.name, project);
  }

  list(): readonly ProjectDefinition[] {
    return [...PROJECTS, ...this.userProjects.values()];
  }

  /** @throws HandflowError PROJECT_NOT_FOUND */
  find(name: string): ProjectDefinition {
    return findProject(name, this.list());
  }

  /** @throws HandflowError PROJECT_EXISTS; INVALID_OPTION naming a wrong setting; as checkActionPolicy */
  async create(name: string, settings: unknown, policy: ActionPolicy): Promise<ProjectDefinition> {
    if (this.list().some((project) => project.name === name)) {
      throw new HandflowError('PROJECT_EXISTS', `there is already a project "${name}": update it instead (PUT /api/projects/${name}, or its entry in the config file), or choose another name`);
    }
    return this.save(name, settings, policy);
  }

  /** @throws HandflowError PROJECT_NOT_FOUND, PROJECT_READ_ONLY; INVALID_OPTION naming a wrong setting; as checkActionPolicy */
  async update(name: string, settings: unknown, policy: ActionPolicy): Promise<ProjectDefinition> {
    if (this.find(name).builtIn) {
      throw new HandflowError('PROJECT_READ_ONLY', `"${name}" is built in and cannot be changed: create a project of your own from its settings (GET /api/projects/${name})`);
    }
    return this.save(name, settings, policy);
  }

  private async save(name: string, settings: unknown, policy: ActionPolicy): Promise<ProjectDefinition> {
    const project = await saveUserProject(this.configFile, name, settings, policy);
    this.userProjects.set(name, project);
    return project;
  }
}
