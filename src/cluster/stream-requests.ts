import { newSessionId } from '../orchestrator/session-id.js';
import type { ServerSideSourceRequest } from '../orchestrator/source-request.js';
import { projectSettingsSchema } from '../projects/project-settings.js';
import { projectSettingsOf, type ProjectDefinition } from '../projects/projects.js';
import type { ClusterStream } from './cluster-records.js';
import type { ClusterStores } from './cluster-stores.js';

/** Asks the cluster to run a stream: the first worker with room takes it. Resolves with the stream's record. */
export async function requestStream(stores: ClusterStores, source: ServerSideSourceRequest, project: ProjectDefinition): Promise<ClusterStream> {
  const stream: ClusterStream = {
    id: newSessionId(),
    source,
    project: project.name,
    // Workers arm no actions: a project's actions, and the secrets in them (a webhook's headers), stay off the bus.
    ...(project.builtIn ? {} : { userProject: projectSettingsSchema.parse({ ...projectSettingsOf(project), actions: [] }) }),
    createdAt: Date.now(),
    stopRequested: false,
  };
  await stores.streams.create(stream.id, JSON.stringify(stream));
  return stream;
}

/** Asks for a stream to stop: its worker stops it (or no worker takes it, if none has yet). */
export async function requestStop(stores: ClusterStores, stream: ClusterStream): Promise<void> {
  await stores.streams.put(stream.id, JSON.stringify({ ...stream, stopRequested: true }));
}
