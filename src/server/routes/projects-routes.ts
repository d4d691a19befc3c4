import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

import { errorBodySchema } from '../error-schema.js';
import type { Sessions } from '../sessions/server-session.js';
import type { ProjectCatalogue } from '../../projects/project-catalogue.js';
import { withSecretsHidden } from '../../projects/project-secrets.js';
import type { ProjectDefinition, SaveRules } from '../../projects/projects.js';

const projectSchema = z.strictObject({ name: z.string(), description: z.string(), builtIn: z.boolean(), definition: z.unknown().optional() });

/**
 * A project as the API shows it: its settings under `definition`, as the config file's `projects.<name>` holds
 * them, but for its webhooks' secrets, hidden (a PUT that sends them back hidden keeps them).
 */
const projectView = ({ name, description, builtIn, classifiers, customGestures, actions, inference }: ProjectDefinition): z.output<typeof projectSchema> => ({
  name,
  description,
  builtIn,
  definition: { classifiers, ...(customGestures === undefined ? {} : { customGestures }), actions: actions.map(withSecretsHidden), ...(inference === undefined ? {} : { inference }) },
});
const nameParams = z.strictObject({ name: z.string().min(1).max(100) });
/** A user project's settings, as the config file's `projects.<name>`: checked field by field by the projects module. */
const settingsSchema = z.record(z.string(), z.unknown()).describe('description, classifiers, customGestures, actions, inference (see README "Projects")');
const newProjectSchema = z.object({ name: z.string().min(1).max(64) }).catchall(z.unknown()).describe('the name, and the settings as the config file\'s projects.<name>');

/**
 * Projects: what hands mean and do. Built-in ones are read only; the user's own can be created and updated, if
 * this server's action policy lets their actions run and their client may name their gestures file, and no running
 * session runs them: a session keeps the project it started with, and would go on acting on what was changed away.
 */
const projectsRoutes: FastifyPluginAsyncZod<{ readonly projects: ProjectCatalogue; readonly rules: SaveRules; readonly sessions: Sessions }> = async (app, { projects, rules, sessions }) => {
  app.get('/api/projects', {
    schema: { summary: 'The projects', tags: ['projects'], response: { 200: z.strictObject({ projects: z.array(projectSchema) }) } },
    handler: async () => ({ projects: projects.list().map(projectView) }),
  });
  app.get('/api/projects/:name', {
    schema: { summary: 'One project', tags: ['projects'], params: nameParams, response: { 200: projectSchema, 404: errorBodySchema } },
    handler: async (request) => projectView(projects.find(request.params.name)),
  });
  app.post('/api/projects', {
    schema: { summary: 'Create a user project', tags: ['projects'], body: newProjectSchema, response: { 201: projectSchema, 400: errorBodySchema, 403: errorBodySchema, 409: errorBodySchema, 507: errorBodySchema } },
    handler: async (request, reply) => {
      const { name, ...settings } = request.body;
      return reply.status(201).send(projectView(await projects.create(name, settings, rules)));
    },
  });
  app.put('/api/projects/:name', {
    schema: { summary: 'Update a user project', description: 'A webhook\'s secrets sent back hidden, as GET shows them (***), keep the stored ones', tags: ['projects'], params: nameParams, body: settingsSchema, response: { 200: projectSchema, 400: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema, 507: errorBodySchema } },
    handler: async (request) => {
      const { name } = request.params;
      // Asked as the save is written (after any start of it queued before has run), not as the request comes.
      const runningIn = (): string | undefined => {
        const ids = sessions.list().filter((session) => session.summary === undefined && session.project === name).map((session) => session.id);
        return ids.length === 0 ? undefined : `project ${name} runs in session ${ids.join(', ')}, which keeps the project it started with: stop it first (POST /api/sessions/{id}/stop), then save, then start it again`;
      };
      return projectView(await projects.update(name, request.body, rules, runningIn));
    },
  });
};

export default projectsRoutes;
