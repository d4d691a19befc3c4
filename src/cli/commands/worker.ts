import { resolve } from 'node:path';

import { CONFIG_FILE_NAME } from '../../orchestrator/config.js';
import { createLogger } from '../../orchestrator/logger.js';
import { ClusterWorker } from '../../cluster/cluster-worker.js';
import { ProjectCatalogue } from '../../projects/project-catalogue.js';
import { sessionCapacity } from '../../server/sessions/session-capacity.js';
import type { Command } from '../command.js';
import { SERVER_OPTIONS, serverSetup } from '../server-options.js';
import { untilStopped } from '../stop-signals.js';
import { integerOption, parseOptions } from '../parse-options.js';

const USAGE = `Usage: handflow worker --nats nats://host:4222 [options]

Joins a handflow cluster: takes streams that a gateway (handflow serve --nats) was asked to run, runs each as
handflow run would, and publishes their hands and events on NATS JetStream. A worker that stops or is cut off
loses its streams within a lease (cluster.leaseMs, 5 s by default), and other workers resume them. The
gateway sets the cluster up on its first start; a worker started before that waits for it. See
docs/deployment.md.

Options:
  --nats URL         the NATS servers, comma-separated (or cluster.url in the config file)
  --max-streams N    streams held at once (default ${sessionCapacity()}: two a core); fewer are taken while a held
                     stream does not keep up
  --files DIR        a folder file streams may come from (repeatable; default: this folder); workers and the
                     gateway must see files at the same paths
  --stream-host H    a host URL streams may come from: a name (cam1.lan), *.domain, an address or a range
                     (10.0.0.0/8) (repeatable; default: any host). Give the gateway the same list
  --stream-ca FILE   check rtsps and https streams' certificates against this PEM file (capture.streamCaFile;
                     see handflow serve --help); workers check it, so give it to each
  --webhook-host H   a host webhook actions may POST to, in the same forms (repeatable; default: any host;
                     output.webhookHosts in the config file). With a list, webhooks follow no redirect
  --id NAME          the worker's name in the cluster (default: host name and a random suffix)
  --config FILE      settings file (default: handflow.config.json in this folder, if present)
  --log-level L      silent, error, warn, info or debug (default info)

Credentials: cluster.user with HANDFLOW_CLUSTER_PASSWORD, HANDFLOW_CLUSTER_TOKEN, cluster.credsFile or
cluster.nkeySeedFile; TLS: cluster.tlsCaFile, cluster.tlsCertFile, cluster.tlsKeyFile.

Ctrl-C gives the streams up at once, so other workers resume them.`;

export const workerCommand: Command = {
  summary: 'join a NATS cluster and run the streams it is given',
  usage: USAGE,
  async run(args) {
    const { values } = parseOptions({
      args,
      options: {
        ...SERVER_OPTIONS,
        'max-streams': { type: 'string' },
        id: { type: 'string' },
      },
    });
    const maxStreams = integerOption('max-streams', values['max-streams'], sessionCapacity(), 1, 256);
    const { config, fileFolders, streamHosts } = await serverSetup(values);
    const logger = createLogger(config.log.level);
    const worker = await ClusterWorker.start({
      config,
      projects: new ProjectCatalogue(config, resolve(values.config ?? CONFIG_FILE_NAME)),
      sourceAccess: { folders: fileFolders, streamHosts },
      maxStreams,
      logger,
      ...(values.id === undefined ? {} : { id: values.id }),
    });
    console.log(`handflow: worker ${worker.id} joined the cluster (Ctrl-C leaves it)`);
    await untilStopped('handflow: giving the streams up and leaving the cluster', () => worker.close());
    return 0;
  },
};
