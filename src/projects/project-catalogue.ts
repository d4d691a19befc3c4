import { HandflowError } from '../core/errors.js';
import { SerialQueue } from '../core/serial-queue.js';
import { withStoredSecrets } from './project-secrets.js';
import { findProject, listProjects, PROJECTS, saveUserProject, type ProjectDefinition, type SaveRules, type UserProjects } from './projects.js';

/** Each save rewrites the config file whole: a bound on its size, far above any hand-kept list. */
export const MAX_USER_PROJECTS = 200;

/**
 * The projects there are: the built-in ones and the user's own, which can be created and updated; those are
 * written into the config file (`saveUserProject`) and used from then on. A project whose actions the server's
 * policy does not allow (a command where commands are off, a webhook to a host not listed) is refused when saved:
 * it could not run there. So is a gestures file its client may not name (the server would read it). Clients are
 * shown projects with their webhooks' and commands' secrets hidden (withSecretsHidden): an update that sends one back hidden
 * keeps the stored one (withStoredSecrets).
 */
export class ProjectCatalogue {
  private readonly userProjects = new Map<string, ProjectDefinition>();
  /** One save at a time: each reads the config file and writes it whole, so two at once would lose one. */
  private readonly saves = new SerialQueue();
  /** How many sessions are being started with each project: until they run, a save of it is refused. */
  private readonly starting = new Map<string, number>();

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

  /** @throws HandflowError PROJECT_EXISTS; INVALID_OPTION naming a wrong setting; as saveUserProject */
  create(name: string, settings: unknown, rules: SaveRules): Promise<ProjectDefinition> {
    return this.saves.run(async () => {
      if (this.list().some((project) => project.name === name)) {
        throw new HandflowError('PROJECT_EXISTS', `there is already a project "${name}": update it instead (PUT /api/projects/${name}, or its entry in the config file), or choose another name`);
      }
      if (this.userProjects.size >= MAX_USER_PROJECTS) {
        throw new HandflowError('INVALID_OPTION', `there are already ${this.userProjects.size} projects of your own, the most a config file keeps: remove some from it first`);
      }
      return this.save(name, withStoredSecrets(name, settings, undefined), rules);
    });
  }

  /**
   * `runningIn`: why the project may not change now (the sessions that run it), asked as the save comes to be
   * written, when no start of it can be under way unseen.
   * @throws HandflowError PROJECT_NOT_FOUND, PROJECT_READ_ONLY, PROJECT_IN_USE; INVALID_OPTION naming a wrong setting; as saveUserProject
   */
  update(name: string, settings: unknown, rules: SaveRules, runningIn: () => string | undefined = () => undefined): Promise<ProjectDefinition> {
    return this.saves.run(async () => {
      // Read inside the queue: the secrets kept are those of the project as the save before this one left it.
      const stored = this.find(name);
      if (stored.builtIn) {
        throw new HandflowError('PROJECT_READ_ONLY', `"${name}" is built in and cannot be changed: create a project of your own from its settings (GET /api/projects/${name})`);
      }
      const running = runningIn();
      if (running !== undefined) throw new HandflowError('PROJECT_IN_USE', running);
      if (this.starting.has(name)) {
        throw new HandflowError('PROJECT_IN_USE', `project ${name} is being started in a session, which will keep the project it starts with: once it runs, stop it (POST /api/sessions/{id}/stop), then save, then start it again`);
      }
      return this.save(name, withStoredSecrets(name, settings, stored), rules);
    });
  }

  /**
   * Starts a session with a project: `start` gets the project once the saves asked for before are written, and
   * saves of it are refused (PROJECT_IN_USE) until `start` settles, by when the session runs (a running one is
   * the caller's to check). Otherwise a save landing while the session starts would be shown, but not run.
   * @throws HandflowError PROJECT_NOT_FOUND; what `start` throws
   */
  async startWith<T>(name: string, start: (project: ProjectDefinition) => Promise<T>): Promise<T> {
    // A save queued after this one waits behind it, and finds the project starting.
    const project = await this.saves.run(async () => {
      const found = this.find(name);
      this.starting.set(name, (this.starting.get(name) ?? 0) + 1);
      return found;
    });
    try {
      return await start(project);
    } finally {
      const left = this.starting.get(name)! - 1;
      if (left === 0) this.starting.delete(name);
      else this.starting.set(name, left);
    }
  }

  private async save(name: string, settings: unknown, rules: SaveRules): Promise<ProjectDefinition> {
    const project = await saveUserProject(this.configFile, name, settings, rules);
    this.userProjects.set(name, project);
    return project;
  }
}
